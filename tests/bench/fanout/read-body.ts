// Reads a whole HTTP request body as a string (used by the reference servers' broadcast endpoint).
import type { IncomingMessage } from "node:http";

/** Resolves with the request body decoded as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
