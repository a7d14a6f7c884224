// A client process of the connections bench: opens N idle websocket connections from one source address,
// round-robin over the server ports it is given (one per cluster node). Pusher protocol: wait for
// connection_established, subscribe one channel, wait for subscription_succeeded; bare ws: wait for open.
// Answers the server's pings and keeps the connections open until told to close.
import WebSocket from "ws";
import { nowMs } from "../lib/clock.ts";
import type { ClientMessage, DriverMessage, OpenMessage } from "./protocol.ts";

const sockets: WebSocket[] = [];
let open = 0;
let closedUnexpectedly = 0;
let pingsAnswered = 0;
let closing = false;

function send(message: ClientMessage): void {
  process.send?.(message);
}

/** Opens one connection to `port`; resolves once it is usable (subscribed, for the Pusher protocol). */
function openOne(init: OpenMessage, port: number): Promise<void> {
  const path = init.kind === "pusher" ? `/app/${init.appKey}?protocol=7&client=js&version=8.6.0&flash=false` : "/";
  const socket = new WebSocket(`ws://${init.host}:${port}${path}`, { perMessageDeflate: false, localAddress: init.localAddress });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    let usable = false;
    const ready = () => {
      usable = true;
      open += 1;
      resolve();
    };
    socket.on("error", (error) => {
      if (!usable) reject(error);
    });
    socket.on("close", () => {
      if (usable) {
        open -= 1;
        if (!closing) closedUnexpectedly += 1;
      } else reject(new Error("closed before it was usable"));
    });
    if (init.kind === "ws") socket.on("open", ready);
    socket.on("message", (data: Buffer) => {
      const text = data.toString();
      if (text.includes('"pusher:connection_established"')) {
        socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: init.channel } }));
      } else if (text.includes('"pusher_internal:subscription_succeeded"')) {
        ready();
      } else if (text.includes('"pusher:ping"')) {
        pingsAnswered += 1;
        socket.send('{"event":"pusher:pong","data":{}}');
      } else if (!usable && (text.includes('"pusher:error"') || text.includes('"pusher:subscription_error"'))) {
        reject(new Error(`server said ${text.slice(0, 200)}`));
      }
    });
  });
}

async function openAll(init: OpenMessage): Promise<void> {
  let next = 0;
  let opened = 0;
  let failed = 0;
  let firstError: string | undefined;
  const openedPerPort = init.ports.map(() => 0);
  const tenthsAtMs: number[] = [];
  const firstAtMs = nowMs();
  const lane = async () => {
    while (next < init.count) {
      const index = next % init.ports.length;
      next += 1;
      try {
        await openOne(init, init.ports[index] ?? 0);
        opened += 1;
        if (opened >= Math.ceil((init.count * (tenthsAtMs.length + 1)) / 10)) tenthsAtMs.push(nowMs());
        openedPerPort[index] = (openedPerPort[index] ?? 0) + 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(init.concurrency, init.count) }, lane));
  send({ type: "opened", opened, openedPerPort, failed, firstError, firstAtMs, lastAtMs: nowMs(), tenthsAtMs });
}

process.on("message", (message: DriverMessage) => {
  if (message.type === "open") void openAll(message);
  else if (message.type === "status") send({ type: "status", open, closedUnexpectedly, pingsAnswered });
  else if (message.type === "close") {
    closing = true;
    for (const socket of sockets) socket.terminate();
    process.disconnect?.();
  }
});
send({ type: "ready" });
