// Load-client worker process: opens N subscribers of the given channels against one server kind and
// counts every event delivered on them (and its latency) until the driver asks for a report.
import WebSocket from "ws";
import { io, type Socket } from "socket.io-client";
import Pusher from "pusher-js";
import { nowMs } from "../lib/clock.ts";
import type { DriverMessage, InitMessage, WorkerMessage } from "./protocol.ts";

let counts = new Uint32Array(0);
let lastSeq = new Int32Array(0);
let received = 0;
let firstAt = 0;
let lastAt = 0;
let outOfOrder = 0;
let closedUnexpectedly = 0;
let serverPings = 0;
let latencies = new Float64Array(0);
let latencyCount = 0;
let stopping = false;
const closers: Array<() => void> = [];

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Counts one delivery for client `index`; `t` is the send stamp carried in the payload. */
function onUpdate(index: number, t: number, seq: number): void {
  const at = nowMs();
  if (received === 0) firstAt = at;
  lastAt = at;
  received += 1;
  counts[index] = (counts[index] ?? 0) + 1;
  if (seq <= (lastSeq[index] ?? -1)) outOfOrder += 1;
  lastSeq[index] = seq;
  if (latencyCount < latencies.length) latencies[latencyCount++] = at - t;
}

/** Handles one Pusher-format text frame (the bare ws server sends the same frame shape); every channel event is a delivery. */
function onPusherFrame(index: number, socket: WebSocket, raw: string, channels: string[], onSubscribed: () => void, onError: (error: Error) => void): void {
  const frame = JSON.parse(raw) as { event: string; data?: unknown };
  if (!frame.event.startsWith("pusher")) {
    const data = JSON.parse(frame.data as string) as { t: number; seq: number };
    onUpdate(index, data.t, data.seq);
  } else if (frame.event === "pusher:connection_established") {
    for (const channel of channels) socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
  } else if (frame.event === "pusher_internal:subscription_succeeded") {
    onSubscribed();
  } else if (frame.event === "pusher:ping") {
    serverPings += 1;
    socket.send(JSON.stringify({ event: "pusher:pong", data: {} }));
  } else if (frame.event === "pusher:error" || frame.event === "pusher:subscription_error") {
    onError(new Error(`server said ${raw}`));
  }
}

function openRawWs(init: InitMessage, index: number): Promise<void> {
  const path = init.kind === "pusher" ? `/app/${init.appKey}?protocol=7&client=js&version=8.6.0&flash=false` : "/";
  const socket = new WebSocket(`ws://${init.host}:${init.port}${path}`, { perMessageDeflate: false });
  closers.push(() => socket.close());
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("close", () => {
      if (!stopping) closedUnexpectedly += 1;
      reject(new Error("closed before subscribing"));
    });
    if (init.kind === "ws") socket.on("open", () => resolve());
    let pending = init.channels.length;
    const onSubscribed = () => {
      pending -= 1;
      if (pending === 0) resolve();
    };
    socket.on("message", (data: Buffer) => onPusherFrame(index, socket, data.toString(), init.channels, onSubscribed, reject));
  });
}

function openSocketIo(init: InitMessage, index: number): Promise<void> {
  const socket: Socket = io(`http://${init.host}:${init.port}`, { transports: ["websocket"], forceNew: true, reconnection: false });
  closers.push(() => socket.close());
  socket.onAny((_event: string, payload: { t: number; seq: number }) => onUpdate(index, payload.t, payload.seq));
  return new Promise((resolve, reject) => {
    socket.on("connect_error", reject);
    socket.on("disconnect", (reason) => {
      if (!stopping && reason !== "io client disconnect") closedUnexpectedly += 1;
    });
    socket.on("connect", () => {
      Promise.all(init.channels.map((room) => new Promise<void>((joined) => socket.emit("subscribe", room, () => joined())))).then(() => resolve(), reject);
    });
  });
}

function openPusherJs(init: InitMessage, index: number): Promise<void> {
  const client = new Pusher(init.appKey, {
    cluster: "mt1",
    wsHost: init.host,
    wsPort: init.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
  });
  closers.push(() => client.disconnect());
  const subscribed = init.channels.map((name) => {
    const channel = client.subscribe(name);
    channel.bind_global((event: string, payload: { t: number; seq: number }) => {
      if (!event.startsWith("pusher")) onUpdate(index, payload.t, payload.seq);
    });
    return new Promise<void>((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
    });
  });
  return new Promise((resolve, reject) => {
    Promise.all(subscribed).then(() => resolve(), reject);
    client.connection.bind("unavailable", () => reject(new Error("pusher-js: unavailable")));
  });
}

const openers = { pusher: openRawWs, ws: openRawWs, socketio: openSocketIo, "pusher-js": openPusherJs };

async function connectAll(init: InitMessage): Promise<void> {
  counts = new Uint32Array(init.count);
  lastSeq = new Int32Array(init.count).fill(-1);
  let next = 0;
  let subscribed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (next < init.count) {
      const index = next++;
      try {
        await openers[init.kind](init, index);
        subscribed += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(init.connectConcurrency, init.count) }, lane));
  send({ type: "ready", subscribed, failed, firstError });
}

function report(withLatencies: boolean): void {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const count of counts) {
    if (count < min) min = count;
    if (count > max) max = count;
  }
  send({
    type: "report",
    received,
    firstAtMs: firstAt,
    lastAtMs: lastAt,
    minPerClient: counts.length > 0 ? min : 0,
    maxPerClient: max,
    outOfOrder,
    closedUnexpectedly,
    serverPings,
    latencies: withLatencies ? latencies.slice(0, latencyCount).sort() : undefined,
  });
}

process.on("message", (message: DriverMessage) => {
  if (message.type === "init") void connectAll(message);
  else if (message.type === "reset") {
    counts.fill(0);
    lastSeq.fill(-1);
    received = 0;
    firstAt = 0;
    lastAt = 0;
    outOfOrder = 0;
    serverPings = 0;
    latencies = new Float64Array(message.latencyCapacity);
    latencyCount = 0;
    send({ type: "reset-done" });
  } else if (message.type === "report") report(message.withLatencies);
  else if (message.type === "stop") {
    stopping = true;
    for (const close of closers) close();
    process.disconnect?.();
  }
});
