// Websocket entry: guard clauses on the upgrade, then the protocol checks that answer with pusher:error + close.
import { randomInt } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import type { AppRuntime } from "./app-runtime";
import { truncateUtf8 } from "./close-reason";
import { Connection } from "./connection";
import { Codes, protocolError, type ProtocolError } from "./errors";
import { handleMessage, withinMessageRate } from "./handlers";
import { encodeError, encodeInternal } from "./protocol/messages";

const APP_PATH = /^\/app\/([^/?]+)\/?(?:\?.*)?$/;
const SUPPORTED_PROTOCOLS = new Set([5, 6, 7]);

/** The app key of a websocket URL `/app/<key>?protocol=7`, or the HTTP status that refuses any other path. */
export function appKeyOfPath(url: string | undefined): { key: string } | { status: 400 | 404 } {
  const match = APP_PATH.exec(url ?? "");
  if (!match) return { status: 404 };
  try {
    return { key: decodeURIComponent(match[1] ?? "") };
  } catch {
    // Malformed percent-encoding (`/app/%E0`): decodeURIComponent throws URIError.
    return { status: 400 };
  }
}

/** Why a connection to this app with this URL must be refused, or null. */
export function refusal(runtime: AppRuntime | undefined, key: string, url: string): ProtocolError | null {
  if (!runtime) return protocolError(Codes.appNotFound, `App key '${key.slice(0, 40)}' does not exist`, true);
  if (!runtime.enabled) return protocolError(Codes.appDisabled, "App is disabled", true);
  const protocol = new URL(url, "http://localhost").searchParams.get("protocol");
  if (protocol === null || protocol === "") return protocolError(Codes.noProtocol, "No protocol version supplied (add ?protocol=7)", true);
  if (!/^\d+$/.test(protocol)) return protocolError(Codes.invalidVersion, `Invalid version string format '${protocol.slice(0, 20)}'`, true);
  if (!SUPPORTED_PROTOCOLS.has(Number(protocol))) return protocolError(Codes.unsupportedProtocol, `Unsupported protocol version ${protocol} (use 7)`, true);
  const max = runtime.app.maxConnections;
  if (max !== undefined && runtime.connections.size >= max) return protocolError(Codes.overConnectionQuota, "Over connection quota", true);
  return null;
}

/**
 * Accepts an upgraded socket: refuses it with a Pusher code, or greets it and wires its events. `transport` is
 * the TCP socket under the websocket, corked while a turn's fan-out writes to it.
 */
export function acceptSocket(socket: WebSocket, req: IncomingMessage, runtime: AppRuntime | undefined, key: string, transport?: Duplex): void {
  socket.on("error", ignoreError);
  const refused = refusal(runtime, key, req.url ?? "/");
  if (refused || !runtime) {
    const error = refused ?? protocolError(Codes.appNotFound, "App does not exist", true);
    runtime?.consoleLog.refused(error, req.headers);
    socket.send(encodeError(error.code, error.message));
    socket.close(error.code, truncateUtf8(error.message));
    return;
  }
  const { clock } = runtime.settings;
  const coalescing = transport ? { transport, coalescer: runtime.writes } : undefined;
  const connection = new Connection(socket, newSocketId(runtime), runtime.settings.maxBufferedBytes, clock(), coalescing);
  runtime.connections.set(connection.socketId, connection);
  connection.traffic = runtime.traffic;
  runtime.consoleLog.connected(connection, req.headers);
  socket.on("message", (data, isBinary) => {
    runtime.traffic.received(data);
    // Frames that arrive after the server decided to close (4100, 4009 ...) are not handled.
    if (connection.closed) return;
    connection.touch(clock());
    // Every frame counts (by size), before it is decoded: client events have their own, stricter limit on top (4301).
    if (!withinMessageRate(runtime, connection, rawLength(data))) return;
    if (isBinary) {
      connection.fail(protocolError(Codes.invalidMessage, "Binary frames are not supported: send JSON text"));
      return;
    }
    try {
      handleMessage(runtime, connection, data.toString());
    } catch (error) {
      // A frame that breaks a handler is refused like any invalid frame; the socket and the server stay up.
      runtime.settings.log(`Channels frame from ${connection.socketId} failed: ${error instanceof Error ? error.message : String(error)}`);
      connection.fail(protocolError(Codes.invalidMessage, "Invalid message: it could not be handled"));
    }
  });
  socket.on("pong", () => connection.touch(clock()));
  socket.on("close", (code, reason) => {
    connection.closed = true;
    runtime.consoleLog.disconnected(connection, code, reason.toString());
    runtime.disconnect(connection);
  });
  connection.send(
    encodeInternal("pusher:connection_established", undefined, {
      socket_id: connection.socketId,
      activity_timeout: runtime.settings.activityTimeout,
    }),
  );
}

function ignoreError(): void {}

/** Bytes of a received message, however ws delivered it. */
function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

function newSocketId(runtime: AppRuntime): string {
  for (;;) {
    const id = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
    if (!runtime.connections.has(id)) return id;
  }
}
