// Reads a request body up to a limit; larger bodies are drained and answered with 413.
import type { IncomingMessage } from "node:http";
import { err, httpError, ok, type HttpError, type Result } from "../errors";

/** The raw body, or a 413 once it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Result<Buffer, HttpError>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        // Stop a client that keeps streaming far past the limit.
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) resolve(err(httpError(413, `Request body too large: ${size} bytes (limit ${limit})`)));
      else resolve(ok(Buffer.concat(chunks)));
    });
    req.on("error", () => resolve(err(httpError(400, "Request body could not be read"))));
    req.on("close", () => resolve(tooLarge ? err(httpError(413, `Request body too large (limit ${limit} bytes)`)) : err(httpError(400, "Request body incomplete"))));
  });
}
