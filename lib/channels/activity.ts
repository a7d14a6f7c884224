// Liveness: after activity_timeout of silence ping (websocket ping and pusher:ping); no answer -> 4201.
import type { Connection } from "./connection";
import { Codes, protocolError } from "./errors";
import { encodeEvent } from "./protocol/messages";

const PING = encodeEvent("pusher:ping", undefined, {});

/** What the liveness sweep needs: the connections, the timeouts, and the clock it reads. */
export interface ActivityOptions {
  connections: () => Iterable<Connection>;
  activityTimeoutMs: number;
  pongTimeoutMs: number;
  /** Milliseconds now; Date.now in production, a hand-moved clock in tests. */
  clock: () => number;
  /** How often the sweep runs; a quarter of the shorter timeout (at least 25 ms) by default. */
  intervalMs?: number;
  /** Runs after each sweep with the same `now` (cache expiry rides on this timer). */
  onTick?: (now: number) => void;
}

/** Pings silent connections and fails those that did not answer in time; `now` comes from the clock. */
function checkActivity(options: ActivityOptions, now: number): void {
  const { activityTimeoutMs, pongTimeoutMs } = options;
  for (const connection of options.connections()) {
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
}

/** Starts one sweep timer for all connections; returns a function that stops it. */
export function startActivityMonitor(options: ActivityOptions): () => void {
  const intervalMs = options.intervalMs ?? Math.max(25, Math.min(options.activityTimeoutMs, options.pongTimeoutMs) / 4);
  const timer = setInterval(() => {
    const now = options.clock();
    checkActivity(options, now);
    options.onTick?.(now);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
