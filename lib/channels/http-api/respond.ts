// HTTP API replies: JSON for success, plain text with a clear message for errors.
import type { ServerResponse } from "node:http";
import type { HttpError } from "../errors";

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends an error as plain text (what Pusher's API does); `close` ends the connection after it. */
export function sendError(res: ServerResponse, error: HttpError, close = false): void {
  const text = `${error.message}\n`;
  const headers: Record<string, string | number> = { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) };
  if (close) headers.Connection = "close";
  if (error.status === 503) headers["Retry-After"] = 1;
  res.writeHead(error.status, headers);
  res.end(text);
}
