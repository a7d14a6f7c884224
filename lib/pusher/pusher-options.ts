// pusher-js options for the browser's client, from the serializable config the server renders.
import type { Options } from "pusher-js";
import type { PusherClientConfig } from "@/lib/pusher/client-config";

/**
 * Liveness: pusher-js pings after min(activityTimeout, the server's announced activity_timeout) of silence
 * (any message resets it) and gives the connection up when no pong comes within pongTimeout. Its defaults
 * (120 s + 30 s; hosted Pusher announces 120) let a page show "Live" for 2.5 minutes on a frozen server;
 * 15 s + 10 s leave "connected" within 25 s of the last message, against our server and hosted Pusher alike.
 */
export const LIVENESS_OPTIONS = { activityTimeout: 15_000, pongTimeout: 10_000 } as const satisfies Partial<Options>;

/** pusher-js options for `config`: a cluster for hosted Pusher, else our server on wsHost:wsPort (the page's host when unset). */
export function buildPusherOptions(config: PusherClientConfig, pageHostname: string): Options {
  const common = {
    channelAuthorization: { transport: "ajax" as const, endpoint: config.channelAuthEndpoint },
    userAuthentication: { transport: "ajax" as const, endpoint: config.userAuthEndpoint },
    ...LIVENESS_OPTIONS,
  };
  if (config.hosted) return { cluster: config.cluster, forceTLS: true, ...common };
  const port = config.wsPort ?? undefined;
  return {
    cluster: config.cluster,
    wsHost: config.wsHost ?? pageHostname,
    wsPort: port,
    wssPort: port,
    forceTLS: config.forceTLS,
    // pusher-js's "ws" transport is the websocket, dialled as wss:// under forceTLS; its "wss" transport is
    // only the TLS fallback of a plain connection, and enabling it alone leaves a forceTLS client nothing.
    enabledTransports: ["ws"],
    ...common,
  };
}
