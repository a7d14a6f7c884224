// Reads a pusher-js auth request body (application/x-www-form-urlencoded, or JSON) into a plain record.
import "server-only";
import { readLimitedBody } from "@/lib/http/read-limited-body";

/** Largest auth request body accepted: pusher-js sends a socket id and a channel name (~300 bytes). */
export const MAX_FORM_BODY_BYTES = 4 * 1024;

/** The request's fields, or `tooLarge` (answer 413) for a body over MAX_FORM_BODY_BYTES. */
export type FormBody = { ok: true; fields: Record<string, unknown> } | { ok: false; tooLarge: true };

/** The request's fields as strings; unreadable bodies yield an empty record (the schema then rejects). */
export async function readFormBody(request: Request): Promise<FormBody> {
  const body = await readLimitedBody(request, MAX_FORM_BODY_BYTES).catch(() => ({ ok: true as const, bytes: Buffer.alloc(0) }));
  if (!body.ok) return body;
  const text = body.bytes.toString("utf8");
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  try {
    const parsed: unknown = JSON.parse(text);
    return { ok: true, fields: typeof parsed === "object" && parsed !== null ? { ...parsed } : {} };
  } catch {
    return { ok: true, fields: {} };
  }
}
