// Test helpers: a real server on a free port, the real pusher / pusher-js clients, a raw ws client.
import { createHmac } from "node:crypto";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import type { Channel, Options as PusherJsOptions } from "pusher-js";
import WebSocket from "ws";
import { startChannelsServer, type ChannelsConfig, type RunningChannelsServer } from "@/lib/channels/index";

PusherJs.logToConsole = false;

/** The app every test server serves. */
export const APP = { id: "100001", key: "test-key", secret: "test-secret" } as const;

/** Encryption master key for private-encrypted channels (32 bytes, base64). */
export const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");

type Closer = () => Promise<void> | void;
const closers: Closer[] = [];

/** Runs every registered cleanup (clients first, servers last); call from afterEach. */
export async function cleanup(): Promise<void> {
  while (closers.length > 0) await closers.pop()?.();
}

/** Starts a real server on a free loopback port, closed by cleanup(). */
export async function startServer(overrides: Partial<ChannelsConfig> = {}): Promise<RunningChannelsServer> {
  const server = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }], ...overrides });
  closers.unshift(() => server.close());
  return server;
}

/** The official Node SDK pointed at a server. */
export function sdk(server: RunningChannelsServer, app: { id: string; key: string; secret: string } = APP): Pusher {
  return new Pusher({
    appId: app.id,
    key: app.key,
    secret: app.secret,
    host: "127.0.0.1",
    port: String(server.port),
    useTLS: false,
    encryptionMasterKeyBase64: MASTER_KEY,
  });
}

/** Options for a pusher-js client: who it signs in as, what presence data it gets. */
export interface ClientOptions {
  user?: { id: string; user_info?: Record<string, unknown>; watchlist?: string[] };
  presence?: { user_id: string; user_info?: Record<string, unknown> };
  /** Authorize with a different secret (bad signatures). */
  wrongSecret?: boolean;
  /** Connect with another app key. */
  key?: string;
  extra?: Partial<PusherJsOptions>;
}

/** A real pusher-js client (Node build) authorized by the real SDK; disconnected by cleanup(). */
export function client(server: RunningChannelsServer, options: ClientOptions = {}): PusherJs {
  const signer = options.wrongSecret ? sdk(server, { ...APP, secret: "not-the-secret" }) : sdk(server);
  const pusher = new PusherJs(options.key ?? APP.key, {
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    cluster: "mt1",
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        try {
          const data = channelName.startsWith("presence-") ? options.presence : undefined;
          callback(null, signer.authorizeChannel(socketId, channelName, data));
        } catch (error) {
          callback(error as Error, null);
        }
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        if (!options.user) return callback(new Error("no user"), null);
        callback(null, signer.authenticateUser(socketId, options.user));
      },
    },
    ...options.extra,
  });
  closers.push(() => disconnect(pusher));
  return pusher;
}

/** Disconnects a pusher-js client and waits until it is disconnected. */
export function disconnect(pusher: PusherJs): Promise<void> {
  const state = pusher.connection.state;
  if (state === "disconnected" || state === "failed") return Promise.resolve();
  return new Promise((resolve) => {
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      if (current === "disconnected" || current === "failed") resolve();
    });
    pusher.disconnect();
  });
}

/** Signs a pusher-js client in and waits until its #server-to-user channel is subscribed. */
export function signedIn(pusher: PusherJs, userId: string): Promise<void> {
  return new Promise((resolve) => {
    const handler = (event: { event: string; channel?: string }) => {
      if (event.event !== "pusher_internal:subscription_succeeded" || event.channel !== `#server-to-user-${userId}`) return;
      pusher.connection.unbind("message", handler);
      resolve();
    };
    pusher.connection.bind("message", handler);
    pusher.signin();
  });
}

/** Resolves when a pusher-js client reaches a state (now or later). */
export function waitForState(pusher: PusherJs, wanted: string): Promise<void> {
  if (pusher.connection.state === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const handler = ({ current }: { current: string }) => {
      if (current !== wanted) return;
      pusher.connection.unbind("state_change", handler);
      resolve();
    };
    pusher.connection.bind("state_change", handler);
  });
}

/** Subscribes and resolves with the success data, or rejects with the subscription_error data. */
export function subscribed(pusher: PusherJs, name: string): Promise<{ channel: Channel; data: unknown }> {
  const channel = pusher.subscribe(name);
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", (data: unknown) => resolve({ channel, data }));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(Object.assign(new Error("subscription_error"), { data: error })));
  });
}

/** Resolves with the data of the next `event` on a pusher-js channel. */
export function nextEvent<T = unknown>(channel: Channel, event: string): Promise<{ data: T; metadata: { user_id?: string } }> {
  return new Promise((resolve) => {
    const handler = (data: T, metadata: { user_id?: string }) => {
      channel.unbind(event, handler);
      resolve({ data, metadata });
    };
    channel.bind(event, handler);
  });
}

/** A decoded server frame as a raw client sees it. */
export interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** A raw `ws` client that queues every frame, for malformed input and exact codes. */
export class RawClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on("message", (raw) => {
      const frame = JSON.parse(raw.toString()) as Frame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      }
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** The first frame (already received or future) matching `event` and an optional predicate. */
  next(event: string, match: (frame: Frame) => boolean = () => true): Promise<Frame> {
    const predicate = (frame: Frame) => frame.event === event && match(frame);
    const index = this.frames.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0] as Frame);
    return new Promise((resolve) => {
      this.waiters.push({
        match: predicate,
        resolve: (frame) => {
          this.frames.splice(this.frames.indexOf(frame), 1);
          resolve(frame);
        },
      });
    });
  }

  /** Sends a JSON frame (or raw text). */
  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The socket id from connection_established. */
  async socketId(): Promise<string> {
    const frame = await this.next("pusher:connection_established");
    this.frames.unshift(frame);
    return (JSON.parse(frame.data as string) as { socket_id: string }).socket_id;
  }
}

/** Opens a raw websocket to `path` (default: this app, protocol 7); closed by cleanup(). */
export async function rawClient(
  server: RunningChannelsServer,
  path = `/app/${APP.key}?protocol=7&client=js&version=8.6.0`,
  options: WebSocket.ClientOptions = {},
): Promise<RawClient> {
  const ws = new WebSocket(`${server.url}${path}`, options);
  const raw = new RawClient(ws);
  closers.push(() => closeRaw(ws));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return raw;
}

function closeRaw(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once("close", () => resolve());
    if (ws.readyState === WebSocket.OPEN) ws.close();
    else ws.terminate();
  });
}

/** Data of an internal event: the JSON string Pusher sends, decoded. */
export function decoded<T = Record<string, unknown>>(frame: Frame): T {
  return (typeof frame.data === "string" ? JSON.parse(frame.data) : frame.data) as T;
}

/** Sends pusher:ping and waits for the pong: every frame sent before it has been handled by the server. */
export function roundTrip(pusher: PusherJs): Promise<void> {
  const pong = nextMessage(pusher, "pusher:pong");
  pusher.send_event("pusher:ping", {});
  return pong;
}

/** A clock moved only by the test (config `clock`): liveness, rate limits, cache expiry and auth_timestamp checks read it. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

/**
 * A ManualClock starting at `start`, by default the current whole second, so requests the SDK signs with the
 * wall clock stay within the server's auth_timestamp tolerance while the test moves the clock by less.
 */
export function manualClock(start = Math.floor(Date.now() / 1000) * 1000): ManualClock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** Resolves with the next message of an event name a pusher-js connection receives. */
export function nextMessage(pusher: PusherJs, event: string): Promise<void> {
  return new Promise((resolve) => {
    const handler = (message: { event: string }) => {
      if (message.event !== event) return;
      pusher.connection.unbind("message", handler);
      resolve();
    };
    pusher.connection.bind("message", handler);
  });
}

/** Hex HMAC-SHA256, as pusher-http-node's Token.sign (for hand-built requests and sign-ins). */
export function hmacHex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}
