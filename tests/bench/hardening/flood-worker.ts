// Flood load process: a few sockets sending large client-x frames as fast as their sockets drain (client
// events are off, so each is refused), reconnecting at once whenever the server closes one: an attacker.
import WebSocket from "ws";
import type { FloodReport, FloodStart, Stop } from "./protocol.ts";

const HIGH_WATER = 256 * 1024;
const live = new Set<WebSocket>();
const stats: FloodReport = { type: "report", framesSent: 0, bytesSent: 0, refused4301: 0, overCapacity4100: 0, connections: 0 };
let stopping = false;

function frameOf(bytes: number): Buffer {
  const head = '{"event":"client-x","channel":"private-x","data":"';
  const tail = '"}';
  return Buffer.from(head + "x".repeat(Math.max(0, bytes - head.length - tail.length)) + tail);
}

function open(start: FloodStart, frame: Buffer): void {
  if (stopping) return;
  const { target } = start;
  const socket = new WebSocket(`ws://${target.host}:${target.port}/app/${target.key}?protocol=7&client=js&version=8.6.0`, { perMessageDeflate: false });
  stats.connections += 1;
  let closed = false;
  const reopen = () => {
    if (closed) return;
    closed = true;
    live.delete(socket);
    socket.terminate();
    setImmediate(() => open(start, frame));
  };
  const pump = () => {
    if (closed || socket.readyState !== WebSocket.OPEN) return;
    while (socket.bufferedAmount < HIGH_WATER) {
      socket.send(frame, { binary: false });
      stats.framesSent += 1;
      stats.bytesSent += frame.length;
    }
    setImmediate(pump);
  };
  socket.on("open", () => {
    live.add(socket);
    pump();
  });
  socket.on("message", (raw: Buffer) => {
    const text = raw.toString();
    if (text.includes('"code":4301')) stats.refused4301 += 1;
    if (text.includes('"code":4100')) {
      stats.overCapacity4100 += 1;
      reopen();
    }
  });
  socket.on("close", reopen);
  socket.on("error", reopen);
}

process.on("message", (message: FloodStart | Stop) => {
  if (message.type === "start") {
    const frame = frameOf(message.frameBytes);
    for (let i = 0; i < message.sockets; i += 1) open(message, frame);
  } else {
    stopping = true;
    for (const socket of live) socket.terminate();
    process.send?.(stats);
    setTimeout(() => process.exit(0), 100);
  }
});
