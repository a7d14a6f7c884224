// What the browser's pusher-js client needs, built on the server and passed to client components
// as a serializable prop (the key is public; secrets never leave the server).
import "server-only";
import { env } from "@/lib/env";
import { resolvePusherTarget } from "@/lib/pusher/resolve-target";

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

/** The browser config for the configured Channels service, or null when no app key is set. */
export function getPusherClientConfig(): PusherClientConfig | null {
  const target = resolvePusherTarget(env);
  if (target.key === "") return null;
  if (target.kind === "cluster" || (target.kind === "url" && target.cluster !== null)) {
    return { key: target.key, cluster: target.cluster ?? "mt1", hosted: true, wsHost: null, wsPort: null, forceTLS: true, ...AUTH_ENDPOINTS };
  }
  const useTLS = target.useTLS;
  return {
    key: target.key,
    cluster: "mt1",
    hosted: false,
    wsHost: env.PUSHER_PUBLIC_HOST ?? null,
    wsPort: env.PUSHER_PUBLIC_PORT ?? target.port ?? (useTLS ? 443 : 80),
    forceTLS: useTLS,
    ...AUTH_ENDPOINTS,
  };
}
