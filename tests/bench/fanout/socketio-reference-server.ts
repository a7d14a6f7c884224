// Socket.IO reference: POST /broadcast emits the posted JSON to the `bench` room, which every
// client joins with a `subscribe` event; POST /broadcast-batch emits each event of a JSON array
// [{channel, name, data}] to the room named by its channel, in order. Started as its own process by the bench.
import http from "node:http";
import { Server } from "socket.io";
import { benchEvent } from "./protocol.ts";
import { readBody } from "./read-body.ts";

const host = "127.0.0.1";
const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });

// socket.io answers its own /socket.io/ requests; everything else reaches this listener too.
server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
  if (req.url?.startsWith("/socket.io/")) return;
  if (req.method !== "POST" || (req.url !== "/broadcast" && req.url !== "/broadcast-batch")) {
    res.writeHead(404).end();
    return;
  }
  readBody(req).then((body) => {
    if (req.url === "/broadcast") io.to("bench").emit(benchEvent, JSON.parse(body) as unknown);
    else for (const event of JSON.parse(body) as BatchEvent[]) io.to(event.channel).emit(event.name, JSON.parse(event.data) as unknown);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  }, () => res.writeHead(400).end());
});

type BatchEvent = { channel: string; name: string; data: string };

io.on("connection", (socket) => {
  socket.on("subscribe", (room: string, ack?: () => void) => {
    void socket.join(room);
    ack?.();
  });
});

server.listen(Number(process.env.BENCH_PORT ?? 0), host, () => {
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  console.log(`Socket.IO server listening on ws://${host}:${port}`);
});

function shutdown(): void {
  io.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
