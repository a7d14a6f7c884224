// What the browser's pusher-js client needs, built on the server and passed to client components
// as a serializable prop (the key is public; secrets never leave the server).
import "server-only";
import { env } from "@/lib/env";
import { resolvePusherTarget, type PusherEnv } from "@/lib/pusher/resolve-target";

/** Serializable pusher-js settings. `wsHost: null` means "the page's own hostname". */
export interface PusherClientConfig {
  key: string;
  cluster: string;
  /** Hosted Pusher: pusher-js picks hosts from the cluster. Otherwise wsHost/wsPort/forceTLS apply. */
  hosted: boolean;
  wsHost: string | null;
  wsPort: number | null;
  forceTLS: boolean;
  channelAuthEndpoint: string;
  userAuthEndpoint: string;
}

const AUTH_ENDPOINTS = { channelAuthEndpoint: "/api/pusher/auth", userAuthEndpoint: "/api/pusher/user-auth" } as const;

/**
 * The browser config for the configured Channels service (`source`: the app's env by default), or
 * null when no app key is set. Hosted Pusher: the cluster. A self-hosted PUSHER_URL: its host, port
 * and scheme (PUSHER_PUBLIC_* override). Our embedded server: the page's own host on its port.
 */
export function getPusherClientConfig(source: PusherEnv = env): PusherClientConfig | null {
  const target = resolvePusherTarget(source);
  if (target.key === "") return null;
  if (target.kind === "cluster" || (target.kind === "url" && target.cluster !== null)) {
    return { key: target.key, cluster: target.cluster ?? "mt1", hosted: true, wsHost: null, wsPort: null, forceTLS: true, ...AUTH_ENDPOINTS };
  }
  const defaultPort = target.useTLS ? 443 : 80;
  return {
    key: target.key,
    cluster: "mt1",
    hosted: false,
    wsHost: source.PUSHER_PUBLIC_HOST ?? (target.kind === "url" ? target.host : null),
    wsPort: source.PUSHER_PUBLIC_PORT ?? target.port ?? defaultPort,
    forceTLS: target.useTLS,
    ...AUTH_ENDPOINTS,
  };
}
