// GET /metrics on the Channels server's port, off the public path: only loopback peers that came
// through no proxy, or, when CHANNELS_METRICS_TOKEN is set, only requests bearing that token.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelsMetrics } from "./channels-metrics";

/** Who may scrape: `token` set -> `Authorization: Bearer <token>` from anywhere; unset -> loopback only. */
export interface MetricsAccess {
  enabled: boolean;
  token?: string;
}

const METRICS_PATH = /^\/metrics\/?(?:\?.*)?$/;
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"] as const;

/** True when the request is for /metrics (handled here whatever the answer); false leaves it to the HTTP API. */
export function handleMetricsRequest(req: IncomingMessage, res: ServerResponse, metrics: ChannelsMetrics, access: MetricsAccess): boolean {
  if (!METRICS_PATH.test(req.url ?? "")) return false;
  req.resume();
  const refusal = !access.enabled ? 404 : access.token !== undefined ? tokenRefusal(req, access.token) : loopbackRefusal(req);
  if (refusal !== null) {
    const text = refusal === 401 ? "Unauthorized: send Authorization: Bearer <CHANNELS_METRICS_TOKEN>\n" : "Not found\n";
    res.writeHead(refusal, { "Content-Type": "text/plain; charset=utf-8", ...(refusal === 401 ? { "WWW-Authenticate": "Bearer" } : {}) });
    res.end(text);
    return true;
  }
  if ((req.method ?? "GET").toUpperCase() !== "GET") {
    res.writeHead(405, { Allow: "GET", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method not allowed\n");
    return true;
  }
  metrics.registry.metrics().then(
    (text) => {
      res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
      res.end(text);
    },
    () => {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Metrics could not be collected\n");
    },
  );
  return true;
}

/** 404 unless the peer is on loopback and no proxy header says it speaks for someone else. */
function loopbackRefusal(req: IncomingMessage): 404 | null {
  const address = req.socket.remoteAddress ?? "";
  const loopback = address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
  if (!loopback || PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return 404;
  return null;
}

/** 401 unless `Authorization: Bearer <token>` matches (compared in constant time). */
function tokenRefusal(req: IncomingMessage, token: string): 401 | null {
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "", "utf8");
  const expected = Buffer.from(token, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 401;
}
