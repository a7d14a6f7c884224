// How the driver triggers one event: through the real `pusher` SDK (HTTP API) for our server,
// and an equivalent single HTTP POST /broadcast for the reference servers.
import http from "node:http";
import Pusher from "pusher";
import { benchChannel, benchEvent, type BenchPayload } from "./protocol.ts";

/** Sends one event that the server fans out to every subscriber. */
export interface Trigger {
  send(payload: BenchPayload): Promise<void>;
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
    fresh: () => agent.destroy(),
    close: () => agent.destroy(),
  };
}

/** Triggers with one POST /broadcast (JSON body) to a reference server. */
export function httpTrigger(port: number, maxSockets: number): Trigger {
  const agent = keepAliveAgent(maxSockets);
  return {
    send(payload) {
      const body = JSON.stringify(payload);
      return new Promise((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: "/broadcast", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`broadcast answered ${res.statusCode}`))));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    fresh: () => agent.destroy(),
    close: () => agent.destroy(),
  };
}
