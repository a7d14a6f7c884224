// A client process of the connections bench: opens N idle websocket connections from one source address
// (Pusher protocol: wait for connection_established, subscribe one channel, wait for subscription_succeeded;
// bare ws: wait for open), answers the server's pings, and keeps them open until told to close.
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

/** Opens one connection; resolves once it is usable (subscribed, for the Pusher protocol). */
function openOne(init: OpenMessage): Promise<void> {
  const path = init.kind === "pusher" ? `/app/${init.appKey}?protocol=7&client=js&version=8.6.0&flash=false` : "/";
  const socket = new WebSocket(`ws://${init.host}:${init.port}${path}`, { perMessageDeflate: false, localAddress: init.localAddress });
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
  const firstAtMs = nowMs();
  const lane = async () => {
    while (next < init.count) {
      next += 1;
      try {
        await openOne(init);
        opened += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(init.concurrency, init.count) }, lane));
  send({ type: "opened", opened, failed, firstError, firstAtMs, lastAtMs: nowMs() });
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
