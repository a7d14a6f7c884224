// The page's one pusher-js client (module-level), its reference-counted channels, and a store of
// its connection state for useSyncExternalStore. Browser only: pusher-js's web build needs `self`,
// so it is loaded with a dynamic import the first time an effect asks for it.
import type PusherClient from "pusher-js";
import type { Channel } from "pusher-js";
import type { PusherClientConfig } from "@/lib/pusher/client-config";
import { buildPusherOptions } from "@/lib/pusher/pusher-options";

/** What the page shows: connecting (first time), live, reconnecting (after a drop), offline. */
export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** The connection state and, while live, the socket id the server knows this page by. */
export interface ConnectionSnapshot {
  state: ConnectionState;
  socketId: string | null;
}

/** Before the client exists (and during server rendering). */
export const CONNECTING: ConnectionSnapshot = { state: "connecting", socketId: null };
/** When realtime is not configured or pusher-js could not be loaded. */
export const OFFLINE: ConnectionSnapshot = { state: "offline", socketId: null };

let snapshot: ConnectionSnapshot = CONNECTING;
const listeners = new Set<() => void>();
let current: { signature: string; client: Promise<PusherClient> } | null = null;
const channelRefs = new Map<string, number>();

function publish(next: ConnectionSnapshot): void {
  if (next.state === snapshot.state && next.socketId === snapshot.socketId) return;
  snapshot = next;
  for (const listener of listeners) listener();
}

/** Subscribes to connection snapshot changes (useSyncExternalStore's `subscribe`). */
export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current connection snapshot (useSyncExternalStore's `getSnapshot`). */
export function getConnectionSnapshot(): ConnectionSnapshot {
  return snapshot;
}

/** pusher-js state -> what the page shows. "unavailable" is pusher-js giving up for now (it keeps retrying). */
function toConnectionState(pusherState: string, everConnected: boolean): ConnectionState {
  switch (pusherState) {
    case "connected":
      return "live";
    case "initialized":
    case "connecting":
      return everConnected ? "reconnecting" : "connecting";
    default:
      return "offline";
  }
}

function watchConnection(client: PusherClient): void {
  let everConnected = false;
  const update = () => {
    const state = client.connection.state;
    if (state === "connected") everConnected = true;
    publish({
      state: toConnectionState(state, everConnected),
      socketId: state === "connected" ? client.connection.socket_id : null,
    });
  };
  client.connection.bind("state_change", update);
  update();
}

/** Retry delays for our own server after a lost connection: 1 s, 2 s, 4 s, 8 s, then every 10 s. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

/**
 * pusher-js waits for each failed attempt's timeout (15 s, doubling to 60 s) before the next one: made
 * for hosted Pusher, but after our server restarts a page would sit offline for up to a minute. While
 * (re)connecting, restart the attempt on a shorter backoff instead. Explicit disconnects are left alone.
 */
function retrySooner(client: PusherClient): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = RETRY_MIN_MS;
  client.connection.bind("state_change", ({ current }: { current: string }) => {
    clearTimeout(timer);
    if (current === "connected") delay = RETRY_MIN_MS;
    if (current !== "connecting" && current !== "unavailable") return;
    timer = setTimeout(() => {
      const state = client.connection.state;
      if (state !== "connecting" && state !== "unavailable") return;
      client.disconnect();
      client.connect();
    }, delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  });
}

/**
 * The page's pusher-js client for `config`, created on first use. A different config (not expected
 * on one page) disconnects the old client and starts over.
 */
export function loadPusherClient(config: PusherClientConfig): Promise<PusherClient> {
  const signature = JSON.stringify(config);
  if (current?.signature === signature) return current.client;
  current?.client.then((old) => old.disconnect(), () => undefined);
  channelRefs.clear();
  publish(CONNECTING);
  const client = import("pusher-js/with-encryption").then(
    (loaded) => {
      const Pusher = loaded.default;
      const created = new Pusher(config.key, buildPusherOptions(config, window.location.hostname));
      watchConnection(created);
      if (!config.hosted) retrySooner(created);
      return created;
    },
    (error: unknown) => {
      publish(OFFLINE);
      throw error;
    },
  );
  current = { signature, client };
  return client;
}

/** Subscribes to `name` for one more holder and returns the channel. */
export function acquireChannel(client: PusherClient, name: string): Channel {
  const holders = channelRefs.get(name) ?? 0;
  channelRefs.set(name, holders + 1);
  return holders === 0 ? client.subscribe(name) : (client.channel(name) ?? client.subscribe(name));
}

/** Drops one holder of `name`; the last one unsubscribes. */
export function releaseChannel(client: PusherClient, name: string): void {
  const holders = (channelRefs.get(name) ?? 0) - 1;
  if (holders > 0) {
    channelRefs.set(name, holders);
    return;
  }
  channelRefs.delete(name);
  client.unsubscribe(name);
}
