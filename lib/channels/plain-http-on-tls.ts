// A plain http:// or ws:// request on the TLS port gets a short 400 that says to use https/wss, instead of
// the bare connection reset Node gives it; any other failed handshake is just closed.
import type { Socket } from "node:net";
import type { Server as TlsServer, TLSSocket } from "node:tls";

const ANSWER_BODY = "This port speaks TLS: use https:// or wss://\n";
const ANSWER =
  "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
  `Content-Length: ${Buffer.byteLength(ANSWER_BODY)}\r\n\r\n${ANSWER_BODY}`;

/**
 * The TCP socket under a server-side TLSSocket. Node keeps it as `_parent` (not in its typings); when it
 * is absent the client is only disconnected, which is still an answer rather than a hang.
 */
function rawSocketOf(socket: TLSSocket): Socket | undefined {
  const parent = (socket as TLSSocket & { _parent?: unknown })._parent;
  return typeof parent === "object" && parent !== null && "end" in parent ? (parent as Socket) : undefined;
}

/** Answers plain HTTP on `server`'s TLS port (OpenSSL recognises it: ERR_SSL_HTTP_REQUEST) and closes every other failed handshake. */
export function answerPlainHttpOnTlsPort(server: TlsServer): void {
  server.on("tlsClientError", (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const raw = rawSocketOf(socket);
    if (error.code === "ERR_SSL_HTTP_REQUEST" && raw && !raw.destroyed && raw.writable) {
      raw.end(ANSWER);
      return;
    }
    socket.destroy();
    raw?.destroy();
  });
}
