// One http.Server (https.Server with TLS) for both the websocket (/app/<key>) and the HTTP API (/apps/<id>/...).
import { createServer, type IncomingMessage, type RequestListener, type Server as HttpServer, type ServerOptions as HttpServerOptions } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type ServerOptions, type WebSocket } from "ws";
import { startActivityMonitor } from "./activity";
import { AppRuntime } from "./app-runtime";
import type { ChannelsConfig } from "./config";
import type { Connection } from "./connection";
import { Codes, protocolError } from "./errors";
import { BodyGate } from "./http-api/body-gate";
import { logApiErrors } from "./console-log/log-api-errors";
import { handleApiRequest } from "./http-api/router";
import { createChannelsMetrics } from "./metrics/channels-metrics";
import { handleMetricsRequest } from "./metrics/metrics-endpoint";
import { sendError } from "./http-api/respond";
import { answerPlainHttpOnTlsPort } from "./plain-http-on-tls";
import { readTlsOptions } from "./tls-files";
import { acceptSocket, appKeyOfPath } from "./websocket-upgrade";

/** A started server. */
export interface RunningChannelsServer {
  host: string;
  port: number;
  /** ws://host:port, or wss://host:port with TLS */
  url: string;
  /**
   * Re-reads the TLS certificate, key and chain files and serves them to new connections; open ones keep
   * theirs. Throws (keeping the current certificate) when a file is missing or wrong, or TLS is off.
   */
  reloadTls(): void;
  /**
   * Graceful stop: stop listening, pusher:error + close 4200 to every socket (clients reconnect), then
   * deliver the webhooks those closes caused (bounded by webhookShutdownMs). Every call returns the same promise.
   */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 2000;
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2000;

/** Starts listening with a resolved configuration. */
export async function createChannelsServer(config: ChannelsConfig): Promise<RunningChannelsServer> {
  // With TLS the files are read (and checked) before anything starts: a bad file stops the start here.
  const tlsOptions = config.tls ? readTlsOptions(config.tls) : null;
  const runtimes = config.apps.map((app) => new AppRuntime(app, config));
  // A cluster member shares channels, members and events with the other nodes over Redis (lib/channels/cluster);
  // loaded only then, so a server on its own never loads the Redis client.
  if (config.cluster) {
    const { RedisAdapter } = await import("./cluster/redis-adapter");
    for (const runtime of runtimes) runtime.adapter = new RedisAdapter(runtime, config.cluster);
  }
  const byKey = new Map(runtimes.map((runtime) => [runtime.app.key, runtime]));
  const byId = new Map(runtimes.map((runtime) => [runtime.app.id, runtime]));
  let closing = false;
  let shutdown: Promise<void> | null = null;

  const metrics = createChannelsMetrics(runtimes);
  const bodies = new BodyGate(config.httpMaxPendingBodies);
  const onRequest: RequestListener = (req, res) => {
    if (handleMetricsRequest(req, res, metrics, config.metrics ?? { enabled: true })) return;
    metrics.observeApiRequest(req, res);
    logApiErrors(req, res, (id) => byId.get(id));
    handleApiRequest(req, res, (id) => byId.get(id), bodies).catch(() => {
      if (!res.headersSent) sendError(res, { status: 500, message: "Internal error" });
      else res.destroy();
    });
  };
  // A TLS handshake must finish within the headers deadline, like the request headers after it.
  const https: HttpsServer | null = tlsOptions
    ? createHttpsServer({ ...httpServerOptions(config), ...tlsOptions, handshakeTimeout: config.httpHeadersTimeoutMs }, onRequest)
    : null;
  if (https) answerPlainHttpOnTlsPort(https);
  // https.Server is an http.Server over TLS sockets (same events and methods); one name for both below.
  const http = (https ?? createServer(httpServerOptions(config), onRequest)) as HttpServer;
  // closeTimeout (ws 8.23 has it; @types/ws does not yet): a closing handshake the client does not finish, or
  // one the server stopped reading (a flood), ends this soon instead of after ws's default 30 s.
  const wssOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: Math.max(64 * 1024, config.maxEventBytes * 4),
    closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS,
  };
  const wss = new WebSocketServer(wssOptions);

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = appKeyOfPath(req.url);
    if (closing) return rejectUpgrade(socket, 503, "Service Unavailable");
    if ("status" in path) return rejectUpgrade(socket, path.status, path.status === 404 ? "Not Found" : "Bad Request");
    if ((req.headers.upgrade ?? "").toLowerCase() !== "websocket") return rejectUpgrade(socket, 400, "Bad Request");
    // The 101 answer and connection_established (or the refusal) are written in this same call: one write.
    socket.cork();
    try {
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => acceptSocket(ws, req, byKey.get(path.key), path.key, socket));
    } finally {
      socket.uncork();
    }
  };
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", destroyOnError);
    try {
      upgrade(req, socket, head);
    } catch (error) {
      // Nothing a client sends may take the process down: drop this socket, keep serving the others.
      config.log(`Channels upgrade failed for ${String(req.url).slice(0, 100)}: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });

  const allConnections = function* (): Iterable<Connection> {
    for (const runtime of runtimes) yield* runtime.connections.values();
  };
  const stopMonitor = startActivityMonitor({
    connections: allConnections,
    activityTimeoutMs: config.activityTimeout * 1000,
    pongTimeoutMs: config.pongTimeout * 1000,
    clock: config.clock,
    intervalMs: config.activityCheckIntervalMs,
    onTick: (now) => {
      for (const runtime of runtimes) runtime.cache.sweep(now);
    },
  });

  await Promise.all(runtimes.map((runtime) => runtime.adapter.start()));
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => {
      http.off("error", reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    stopMonitor();
    await Promise.all(runtimes.map((runtime) => runtime.adapter.close()));
    throw error;
  });
  const address = http.address() as AddressInfo;
  const host = config.host;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    host,
    port: address.port,
    url: `${https ? "wss" : "ws"}://${urlHost}:${address.port}`,
    reloadTls() {
      if (!https || !config.tls) throw new Error("TLS is off: set CHANNELS_TLS_CERT and CHANNELS_TLS_KEY to serve wss");
      https.setSecureContext(readTlsOptions(config.tls));
    },
    close() {
      shutdown ??= (async () => {
        closing = true;
        stopMonitor();
        for (const runtime of runtimes) runtime.counts.close();
        for (const runtime of runtimes) runtime.consoleLog.close();
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        const sockets = [...allConnections()].map((connection) => connection.socket);
        const goodbye = protocolError(Codes.reconnect, "Server shutting down: please reconnect", true);
        for (const connection of allConnections()) connection.fail(goodbye);
        // Each socket's close handler leaves its channels: channel_vacated / member_removed are queued by now.
        await waitForClose(sockets, SHUTDOWN_GRACE_MS);
        http.closeAllConnections();
        // A cluster node finishes the closes' leaves in Redis and leaves the cluster (their webhooks are queued then).
        await Promise.all(runtimes.map((runtime) => runtime.adapter.close()));
        for (const runtime of runtimes) runtime.occupancy.flush();
        await Promise.all(runtimes.map((runtime) => runtime.webhooks.close(config.webhookShutdownMs)));
        await stopped;
      })();
      return shutdown;
    },
  };
}

/**
 * Short HTTP timeouts: the port is public (browsers' websockets), so a client that trickles headers or a
 * body is cut off (408) instead of holding memory for Node's defaults (60 s headers, 300 s request).
 * Upgraded websockets leave the HTTP parser and are not affected.
 */
function httpServerOptions(config: ChannelsConfig): HttpServerOptions {
  const headersTimeout = config.httpHeadersTimeoutMs;
  return {
    headersTimeout,
    requestTimeout: headersTimeout + config.httpBodyTimeoutMs,
    // How often Node checks those timeouts (its default is every 30 s).
    connectionsCheckingInterval: Math.min(1000, Math.max(25, Math.floor(headersTimeout / 4))),
  };
}

// Module-level so that no closure (and the request it could capture) lives as long as the socket.
function destroyOnError(this: Duplex): void {
  this.destroy();
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function waitForClose(sockets: WebSocket[], graceMs: number): Promise<void> {
  const open = sockets.filter((socket) => socket.readyState !== socket.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let remaining = open.length;
    const timer = setTimeout(() => {
      for (const socket of open) socket.terminate();
    }, graceMs);
    for (const socket of open) {
      socket.once("close", () => {
        remaining -= 1;
        if (remaining === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
