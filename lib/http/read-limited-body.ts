// Reads a request body up to a size limit, so a client cannot make a route buffer an unbounded body.
import "server-only";

/** The body's bytes, or `tooLarge` once it passes `maxBytes` (the rest is never read). */
export type LimitedBody = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

const TOO_LARGE = { ok: false, tooLarge: true } as const;

/**
 * Reads `request`'s body, refusing it as soon as it exceeds `maxBytes`: at once from a larger
 * Content-Length, else while streaming (a chunked body has none). An absent body reads as empty.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return TOO_LARGE;
  if (request.body === null) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
