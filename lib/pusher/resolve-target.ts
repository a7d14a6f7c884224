// Decides from the environment which Channels service the app talks to: ours (default) or hosted
// Pusher (PUSHER_CLUSTER or PUSHER_URL set, PUSHER_HOST unset). Pure, so it is unit-testable.
import type { Env } from "@/lib/env";

/** The env fields that pick and configure the Channels service. */
export type PusherEnv = Pick<
  Env,
  | "PUSHER_APP_ID"
  | "PUSHER_KEY"
  | "PUSHER_SECRET"
  | "PUSHER_CLUSTER"
  | "PUSHER_URL"
  | "PUSHER_HOST"
  | "PUSHER_PORT"
  | "PUSHER_USE_TLS"
  | "CHANNELS_PORT"
  | "PUSHER_PUBLIC_HOST"
  | "PUSHER_PUBLIC_PORT"
  | "PUSHER_ENCRYPTION_MASTER_KEY_BASE64"
>;

/** Where server-side triggers go, and the public key and cluster browsers use. */
export type PusherTarget =
  | { kind: "local"; appId: string; key: string; secret: string; host: string; port: number; useTLS: boolean }
  | { kind: "cluster"; appId: string; key: string; secret: string; cluster: string }
  | { kind: "url"; url: string; key: string; cluster: string | null; host: string; port: number | null; useTLS: boolean };

const HOSTED_API_HOST = /^api-([a-z0-9-]+)\.pusher\.com$/i;

/** The cluster named by a hosted PUSHER_URL's host (api-eu.pusher.com -> "eu"), else null (not Pusher's). */
function clusterOfUrl(url: URL): string | null {
  return HOSTED_API_HOST.exec(url.hostname)?.[1] ?? null;
}

/** The Channels service selected by `env`. Throws only on a malformed PUSHER_URL. */
export function resolvePusherTarget(env: PusherEnv): PusherTarget {
  const hosted = env.PUSHER_HOST === undefined && (env.PUSHER_CLUSTER !== undefined || env.PUSHER_URL !== undefined);
  if (hosted && env.PUSHER_URL !== undefined) {
    const url = new URL(env.PUSHER_URL);
    return {
      kind: "url",
      url: env.PUSHER_URL,
      key: env.PUSHER_KEY ?? decodeURIComponent(url.username),
      cluster: env.PUSHER_CLUSTER ?? clusterOfUrl(url),
      host: url.hostname,
      port: url.port === "" ? null : Number(url.port),
      useTLS: url.protocol === "https:",
    };
  }
  const credentials = { appId: env.PUSHER_APP_ID ?? "", key: env.PUSHER_KEY ?? "", secret: env.PUSHER_SECRET ?? "" };
  if (hosted && env.PUSHER_CLUSTER !== undefined) return { kind: "cluster", ...credentials, cluster: env.PUSHER_CLUSTER };
  return {
    kind: "local",
    ...credentials,
    host: env.PUSHER_HOST ?? "127.0.0.1",
    port: env.PUSHER_PORT ?? env.CHANNELS_PORT,
    useTLS: env.PUSHER_USE_TLS,
  };
}
