// Reads a request body up to a size limit and a deadline; answers refused requests without reading theirs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { sendError } from "./respond";

/** True when the request announces a body (a non-zero Content-Length, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = Number(req.headers["content-length"] ?? 0);
  return !Number.isFinite(length) || length > 0;
}

/** The announced Content-Length, when there is one. */
function announcedLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  return header === undefined ? undefined : Number(header);
}

/**
 * The raw body; 413 as soon as it passes `limit` bytes (or announces more), 408 when it has not
 * arrived within `timeoutMs`, 400 when the client goes away. On failure the body is left unread:
 * answer with {@link refuseUnread} or {@link sendError} with `close`.
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Result<Buffer, HttpError>> {
  const announced = announcedLength(req);
  if (announced !== undefined && announced > limit) {
    return Promise.resolve(err(httpError(413, `Request body too large: ${announced} bytes (limit ${limit})`)));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Result<Buffer, HttpError>) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(err(httpError(413, `Request body too large: more than ${limit} bytes`)));
      chunks.push(chunk);
    };
    const onEnd = () => finish(ok(Buffer.concat(chunks)));
    const onError = () => finish(err(httpError(400, "Request body could not be read")));
    const onClose = () => finish(err(httpError(400, "Request body incomplete")));
    const timer = setTimeout(() => finish(err(httpError(408, `Request body not received within ${timeoutMs} ms`))), timeoutMs);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/**
 * Answers `error` without reading the request's body: what arrives is discarded, and a body still
 * arriving `lingerMs` later has its connection closed (closing at once could reset the answer away).
 */
export function refuseUnread(req: IncomingMessage, res: ServerResponse, error: HttpError, lingerMs: number): void {
  if (!req.complete) {
    const timer = setTimeout(() => req.socket.destroy(), lingerMs);
    const clear = () => clearTimeout(timer);
    req.once("end", clear);
    req.once("close", clear);
    req.resume();
  }
  sendError(res, error);
}
