// The three servers the fan-out bench measures, each started as its own process: our Channels
// server, the bare-ws ceiling, and Socket.IO; with the load-client kind and trigger path of each.
import { randomBytes } from "node:crypto";
import { repoRoot } from "../lib/processes.ts";
import type { LoadKind } from "./protocol.ts";
import { watchConsoleLog, type ConsoleWatcher } from "./console-watcher.ts";
import { httpTrigger, pusherTrigger, type Trigger } from "./triggers.ts";

/** Identifies a measured server. */
export type TargetId = "ws" | "ours" | "socketio";

/** How to start one server and how to load and trigger it. */
export interface TargetSpec {
  id: TargetId;
  label: string;
  script: string;
  /** The checkout the server runs from (its working directory); this one when absent. */
  cwd?: string;
  nodeArgs: string[];
  env(port: number): Record<string, string>;
  ready: RegExp;
  loadKind: LoadKind;
  appKey: string;
  makeTrigger(port: number, window: number): Trigger;
  /** Ours only: an operator watching the debug console's log channel (`--console-watcher`). */
  watchConsole?(port: number): Promise<ConsoleWatcher>;
}

const app = { appId: "424242", key: "bench-key", secret: randomBytes(16).toString("hex") };
const here = (file: string) => new URL(file, import.meta.url).pathname;

/**
 * Our Channels server (scripts/channels-server.ts of the checkout at `root`, e.g. a `git archive` of an older
 * commit), loaded with raw Pusher-protocol clients, triggered via the `pusher` SDK.
 */
export function oursTargetAt(root: string): TargetSpec {
  const dir = root.endsWith("/") ? root : `${root}/`;
  return { ...oursTarget, script: `${dir}scripts/channels-server.ts`, cwd: dir };
}

/** Our Channels server of this checkout. */
export const oursTarget: TargetSpec = {
  id: "ours",
  label: "ours",
  script: `${repoRoot}scripts/channels-server.ts`,
  // As `npm run channels` starts it (server-only modules load outside Next).
  nodeArgs: ["--conditions=react-server"],
  env: (port) => ({ PUSHER_APP_ID: app.appId, PUSHER_KEY: app.key, PUSHER_SECRET: app.secret, CHANNELS_PORT: String(port) }),
  ready: /Channels server listening on ws:\/\/[^\s:]+:(\d+)/,
  loadKind: "pusher",
  appKey: app.key,
  makeTrigger: (port, window) => pusherTrigger(port, app, window),
  watchConsole: (port) => watchConsoleLog(port, app),
};

/** The ceiling: bare `ws` broadcasting one pre-serialized frame. */
export const wsTarget: TargetSpec = {
  id: "ws",
  label: "bare ws",
  script: here("./ws-reference-server.ts"),
  nodeArgs: [],
  env: (port) => ({ BENCH_PORT: String(port) }),
  ready: /listening on ws:\/\/[^\s:]+:(\d+)/,
  loadKind: "ws",
  appKey: app.key,
  makeTrigger: (port, window) => httpTrigger(port, window),
};

/** Socket.IO broadcasting to a room, with socket.io-client subscribers. */
export const socketIoTarget: TargetSpec = {
  id: "socketio",
  label: "socket.io",
  script: here("./socketio-reference-server.ts"),
  nodeArgs: [],
  env: (port) => ({ BENCH_PORT: String(port) }),
  ready: /listening on ws:\/\/[^\s:]+:(\d+)/,
  loadKind: "socketio",
  appKey: app.key,
  makeTrigger: (port, window) => httpTrigger(port, window),
};

/** In the order each scenario runs them. */
export const allTargets: TargetSpec[] = [wsTarget, oursTarget, socketIoTarget];
