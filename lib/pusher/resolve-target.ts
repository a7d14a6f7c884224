// Decides from the environment which Channels service the app talks to: ours (default) or hosted
// Pusher (PUSHER_CLUSTER or PUSHER_URL set, PUSHER_HOST unset). Pure, so it is unit-testable.
import type { Env } from "@/lib/schemas/env";

/** The env fields that pick and configure the Channels service (the generated CHANNELS_APP_* may be absent). */
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
> &
  Partial<Pick<Env, "CHANNELS_APP_ID" | "CHANNELS_APP_KEY" | "CHANNELS_APP_SECRET" | "PUSHER_CA_FILE">>;

/** An app's credentials on a Channels service. */
export interface PusherCredentials {
  appId: string;
  key: string;
  secret: string;
}

/** Where server-side triggers go, with the credentials for it, and what browsers need to follow. */
export type PusherTarget =
  | ({ kind: "local"; host: string; port: number; useTLS: boolean } & PusherCredentials)
  | ({ kind: "cluster"; cluster: string } & PusherCredentials)
  | ({ kind: "url"; url: string; cluster: string | null; host: string; port: number | null; useTLS: boolean } & PusherCredentials);

const HOSTED_API_HOST = /^api-([a-z0-9-]+)\.pusher\.com$/i;

/**
 * True when the app talks to a service other than our embedded Channels server: PUSHER_CLUSTER or
 * PUSHER_URL set and PUSHER_HOST unset. Blank strings count as unset (raw env or parsed env alike).
 */
export function usesHostedPusher(env: { readonly [name: string]: unknown }): boolean {
  return Boolean(env.PUSHER_CLUSTER || env.PUSHER_URL) && !env.PUSHER_HOST;
}

/** What a PUSHER_URL (https://KEY:SECRET@HOST[:PORT]/apps/APP_ID) names, or null when it is malformed. */
export function parseHostedUrl(text: string): ({ host: string; port: number | null; useTLS: boolean; cluster: string | null } & PusherCredentials) | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const appId = /^\/apps\/(\d+)\/?$/.exec(url.pathname)?.[1];
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !appId || !url.username || !url.password) return null;
  return {
    appId,
    key: decodeURIComponent(url.username),
    secret: decodeURIComponent(url.password),
    host: url.hostname,
    port: url.port === "" ? null : Number(url.port),
    useTLS: url.protocol === "https:",
    // api-eu.pusher.com -> "eu"; any other host is a self-hosted Pusher-compatible server.
    cluster: HOSTED_API_HOST.exec(url.hostname)?.[1] ?? null,
  };
}

/**
 * The Channels service selected by `env`. With PUSHER_URL, everything comes from the URL (the SDK's
 * Pusher.forURL reads only the URL, so a PUSHER_KEY left over in .env.local must not reach browsers).
 * Our own server uses PUSHER_* when set, else the generated CHANNELS_APP_* credentials.
 * Throws only on a malformed PUSHER_URL (lib/env rejects one at startup).
 */
export function resolvePusherTarget(env: PusherEnv): PusherTarget {
  if (usesHostedPusher(env) && env.PUSHER_URL !== undefined) {
    const parsed = parseHostedUrl(env.PUSHER_URL);
    if (parsed === null) throw new Error("PUSHER_URL must look like https://KEY:SECRET@api-CLUSTER.pusher.com/apps/APP_ID");
    return { kind: "url", url: env.PUSHER_URL, ...parsed, cluster: env.PUSHER_CLUSTER ?? parsed.cluster };
  }
  if (usesHostedPusher(env) && env.PUSHER_CLUSTER !== undefined) {
    const credentials = { appId: env.PUSHER_APP_ID ?? "", key: env.PUSHER_KEY ?? "", secret: env.PUSHER_SECRET ?? "" };
    return { kind: "cluster", ...credentials, cluster: env.PUSHER_CLUSTER };
  }
  return {
    kind: "local",
    appId: env.PUSHER_APP_ID ?? env.CHANNELS_APP_ID ?? "",
    key: env.PUSHER_KEY ?? env.CHANNELS_APP_KEY ?? "",
    secret: env.PUSHER_SECRET ?? env.CHANNELS_APP_SECRET ?? "",
    host: env.PUSHER_HOST ?? "127.0.0.1",
    port: env.PUSHER_PORT ?? env.CHANNELS_PORT,
    useTLS: env.PUSHER_USE_TLS,
  };
}
