// Canary load process: subscribers of one public channel, and the app's side (the pusher SDK) triggering
// on it at a fixed rate; reports each delivery's latency (trigger call -> frame at the subscriber).
import Pusher from "pusher";
import WebSocket from "ws";
import { nowMs, sleep } from "../lib/clock.ts";
import type { CanaryInit, CanaryMeasure, CanaryReport, Stop, Target } from "./protocol.ts";

const CHANNEL = "canary";
const sockets: WebSocket[] = [];
let latencies: number[] = [];
let target: Target | null = null;

function subscribe(t: Target): Promise<void> {
  const socket = new WebSocket(`ws://${t.host}:${t.port}/app/${t.key}?protocol=7&client=js&version=8.6.0`, { perMessageDeflate: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("message", (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { event: string; data?: string };
      if (frame.event === "pusher:connection_established") {
        socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: CHANNEL } }));
      } else if (frame.event === "pusher_internal:subscription_succeeded") {
        resolve();
      } else if (frame.event === "tick") {
        latencies.push(nowMs() - (JSON.parse(frame.data ?? "{}") as { t: number }).t);
      } else if (frame.event === "pusher:ping") {
        socket.send(JSON.stringify({ event: "pusher:pong", data: {} }));
      }
    });
  });
}

async function measure(message: CanaryMeasure): Promise<void> {
  if (!target) throw new Error("measure before init");
  const sdk = new Pusher({ appId: target.appId, key: target.key, secret: target.secret, host: target.host, port: String(target.port), useTLS: false });
  latencies = [];
  const total = Math.round(message.rate * message.seconds);
  const start = nowMs();
  let failures = 0;
  const pending: Promise<unknown>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = start + (n * 1000) / message.rate;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    pending.push(sdk.trigger(CHANNEL, "tick", { t: nowMs(), n }).catch(() => (failures += 1)));
  }
  await Promise.all(pending);
  await sleep(1000);
  const sorted = Float64Array.from(latencies).sort();
  const report: CanaryReport = { type: "report", expected: total * sockets.length, received: sorted.length, triggerFailures: failures, latencies: sorted };
  process.send?.(report);
}

process.on("message", (message: CanaryInit | CanaryMeasure | Stop) => {
  if (message.type === "init") {
    target = message.target;
    const t = message.target;
    void Promise.all(Array.from({ length: message.subscribers }, () => subscribe(t))).then(() => process.send?.({ type: "ready" }));
  } else if (message.type === "measure") {
    void measure(message);
  } else {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});
