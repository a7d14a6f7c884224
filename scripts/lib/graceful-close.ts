// Graceful shutdown of a node:http server: stop listening, let the requests in flight finish (their
// keep-alive connections are closed as soon as each response is done, which server.close() alone does
// not do), close idle and upgraded connections, and cut whatever is left after a grace period.
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/** How a graceful close ended. */
export interface CloseOutcome {
  /** True when the grace period ran out and open connections were cut. */
  forced: boolean;
}

/**
 * Starts tracking `server`'s requests and upgraded sockets (call before it listens) and returns the
 * function that closes it: resolves once every connection has ended, or after `graceMs` with the
 * remaining ones destroyed.
 */
export function trackForGracefulClose(server: Server): (graceMs: number) => Promise<CloseOutcome> {
  let closing = false;
  const upgraded = new Set<Duplex>();

  server.prependListener("request", (_request, response) => {
    // A request arriving on a kept-alive connection during shutdown is served, then its connection closes.
    if (closing && !response.headersSent) response.setHeader("Connection", "close");
    const release = () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    };
    response.once("finish", release);
    response.once("close", release);
  });
  server.on("upgrade", (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
  });

  return (graceMs) =>
    new Promise<CloseOutcome>((resolve) => {
      closing = true;
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        // Sockets the http server no longer tracks cannot hold the shutdown up.
        resolve({ forced });
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve({ forced });
      });
      server.closeIdleConnections();
      // Upgraded sockets (websockets) have no request to finish: close them now.
      for (const socket of upgraded) socket.destroy();
    });
}
