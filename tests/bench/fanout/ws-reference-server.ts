// The ceiling: a bare `ws` server. POST /broadcast serializes one Pusher-shaped message into one
// complete WebSocket frame once (ws's Sender.frame, header and payload in one buffer, the trick
// Socket.IO's broadcast uses too) and writes that same buffer to every connected client: one
// socket write per client. POST /broadcast-batch does the same for each event of a JSON array
// [{channel, name, data}] in order (one write per client per event; every client gets every
// channel). Started as its own process by the bench.
import http from "node:http";
import * as wsModule from "ws";
import { WebSocketServer, WebSocket } from "ws";
import { benchChannel, benchEvent } from "./protocol.ts";
import { readBody } from "./read-body.ts";

const host = "127.0.0.1";
const server = http.createServer((req, res) => {
  if (req.method !== "POST" || (req.url !== "/broadcast" && req.url !== "/broadcast-batch")) {
    res.writeHead(404).end();
    return;
  }
  readBody(req).then((body) => {
    if (req.url === "/broadcast") broadcast(benchChannel, benchEvent, body);
    else for (const event of JSON.parse(body) as BatchEvent[]) broadcast(event.channel, event.name, event.data);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  }, () => res.writeHead(400).end());
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });

type BatchEvent = { channel: string; name: string; data: string };

/** One event to every client, framed once. */
function broadcast(channel: string, event: string, data: string): void {
  // The same frame shape our Channels server sends, so the clients do identical work.
  const message = Buffer.from(`{"event":${JSON.stringify(event)},"channel":${JSON.stringify(channel)},"data":${JSON.stringify(data)}}`);
  const frame = frameOnce(message);
  for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) sendFrame(client, frame, message);
}

// ws keeps frame building and raw frame writes off its typed API; see websockets/ws#617.
type FrameList = Buffer[];
type SenderInternals = { _sender?: { sendFrame?: (list: FrameList) => void } };
const SenderClass = (wsModule as unknown as { Sender: { frame(data: Buffer, options: object): FrameList } }).Sender;

function frameOnce(message: Buffer): FrameList {
  return [Buffer.concat(SenderClass.frame(message, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true }))];
}

function sendFrame(client: WebSocket, frame: FrameList, message: Buffer): void {
  const sender = (client as unknown as SenderInternals)._sender;
  if (sender?.sendFrame) sender.sendFrame(frame);
  else client.send(message, { binary: false });
}

server.listen(Number(process.env.BENCH_PORT ?? 0), host, () => {
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  console.log(`Bare ws server listening on ws://${host}:${port}`);
});

function shutdown(): void {
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
