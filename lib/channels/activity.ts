// Liveness: after activity_timeout of silence ping (websocket ping and pusher:ping); no answer -> 4201.
import type { Connection } from "./connection";
import { Codes, protocolError } from "./errors";
import { encodeEvent } from "./protocol/messages";

const PING = encodeEvent("pusher:ping", undefined, {});

/** Starts one sweep timer for all connections; returns a function that stops it. */
export function startActivityMonitor(
  connections: () => Iterable<Connection>,
  activityTimeoutMs: number,
  pongTimeoutMs: number,
): () => void {
  const tickMs = Math.max(25, Math.min(activityTimeoutMs, pongTimeoutMs) / 4);
  const timer = setInterval(() => {
    const now = Date.now();
    for (const connection of connections()) {
      if (connection.closed) continue;
      if (connection.pingSentAt > 0) {
        if (now - connection.pingSentAt >= pongTimeoutMs) {
          connection.fail(protocolError(Codes.pongNotReceived, "Pong reply not received: closing an inactive connection", true));
        }
      } else if (now - connection.lastSeen >= activityTimeoutMs) {
        connection.pingSentAt = now;
        connection.socket.ping();
        connection.send(PING);
      }
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
