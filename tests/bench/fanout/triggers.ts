// How the driver triggers one event (or a batch): through the real `pusher` SDK (HTTP API) for our server,
// and an equivalent single HTTP POST /broadcast (/broadcast-batch) for the reference servers.
import http from "node:http";
import Pusher from "pusher";
import type { FeedEvent } from "./feed.ts";
import { benchChannel, benchEvent, type BenchPayload } from "./protocol.ts";

/** Sends one event, or one batch of events, that the server fans out to every subscriber. */
export interface Trigger {
  send(payload: BenchPayload): Promise<void>;
  /** One request carrying every event of the batch (ours: `batch_events`), fanned out in order. */
  sendBatch(events: FeedEvent[]): Promise<void>;
  /** Drops idle keep-alive sockets (before a phase: no reuse of a socket the server may be closing). */
  fresh(): void;
  close(): void;
}

function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** Triggers through the official `pusher` Node SDK against our Channels server. */
export function pusherTrigger(port: number, app: { appId: string; key: string; secret: string }, maxSockets: number): Trigger {
  const agent = keepAliveAgent(maxSockets);
  const pusher = new Pusher({ appId: app.appId, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(port), useTLS: false, agent });
  return {
    async send(payload) {
      const response = await pusher.trigger(benchChannel, benchEvent, payload);
      if (response.status !== 200) throw new Error(`trigger answered ${response.status}`);
      await response.arrayBuffer();
    },
    async sendBatch(events) {
      // The SDK passes string data through as is: the same bytes the references get.
      const response = await pusher.triggerBatch(events.map((event) => ({ ...event })));
      if (response.status !== 200) throw new Error(`trigger_batch answered ${response.status}`);
      await response.arrayBuffer();
    },
    fresh: () => agent.destroy(),
    close: () => agent.destroy(),
  };
}

/** Triggers with one POST /broadcast (JSON body) to a reference server. */
export function httpTrigger(port: number, maxSockets: number): Trigger {
  const agent = keepAliveAgent(maxSockets);
  const post = (path: string, body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path} answered ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return {
    send: (payload) => post("/broadcast", JSON.stringify(payload)),
    sendBatch: (events) => post("/broadcast-batch", JSON.stringify(events)),
    fresh: () => agent.destroy(),
    close: () => agent.destroy(),
  };
}
