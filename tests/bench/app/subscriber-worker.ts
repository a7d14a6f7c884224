// Subscriber worker process for the app bench: `count` real pusher-js (Node build) clients on
// `price_channel`, each recording when every `update` arrives and which trade (price) it carries.
import Pusher from "pusher-js";
import { priceKey, wallNowMs } from "./wall-clock.ts";

/** Driver -> worker: open the clients. */
export interface SubscriberInit {
  type: "init";
  key: string;
  host: string;
  port: number;
  channel: string;
  event: string;
  count: number;
}

/** Worker -> driver: every delivery so far, as parallel arrays. */
export interface SubscriberReport {
  type: "report";
  keys: Float64Array;
  times: Float64Array;
  clients: Uint16Array;
}

/** Worker -> driver messages. */
export type SubscriberMessage = { type: "ready"; subscribed: number; error?: string } | SubscriberReport;

const keys: number[] = [];
const times: number[] = [];
const clientIds: number[] = [];
const clients: Pusher[] = [];

function open(init: SubscriberInit, index: number): Promise<void> {
  const client = new Pusher(init.key, { cluster: "mt1", wsHost: init.host, wsPort: init.port, forceTLS: false, enabledTransports: ["ws"], disableStats: true });
  clients.push(client);
  const channel = client.subscribe(init.channel);
  channel.bind(init.event, (data: { price?: unknown }) => {
    const at = wallNowMs();
    if (typeof data.price !== "string") return;
    keys.push(priceKey(data.price));
    times.push(at);
    clientIds.push(index);
  });
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
}

process.on("message", (message: SubscriberInit | { type: "report" } | { type: "stop" }) => {
  if (message.type === "init") {
    Promise.all(Array.from({ length: message.count }, (_, i) => open(message, i))).then(
      () => process.send?.({ type: "ready", subscribed: message.count }),
      (error: unknown) => process.send?.({ type: "ready", subscribed: 0, error: String(error) }),
    );
  } else if (message.type === "report") {
    process.send?.({ type: "report", keys: Float64Array.from(keys), times: Float64Array.from(times), clients: Uint16Array.from(clientIds) });
  } else if (message.type === "stop") {
    for (const client of clients) client.disconnect();
    process.disconnect?.();
  }
});
