// The app's one `pusher` server SDK instance: our Channels server by default, hosted Pusher by env.
import "server-only";
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import Pusher from "pusher";
import { recordHostedTriggers } from "@/lib/console/app-log";
import { env } from "@/lib/env";
import { resolvePusherTarget, type PusherEnv } from "@/lib/pusher/resolve-target";

/** Triggers give up after this long, so a hung Channels server cannot hold a request's `after()`. */
const TRIGGER_TIMEOUT_MS = 5_000;

/** A pusher SDK client for `source` (the app's env by default; scripts and tests may pass their own). */
export function createPusherServer(source: PusherEnv = env): Pusher {
  const target = resolvePusherTarget(source);
  const common = {
    timeout: TRIGGER_TIMEOUT_MS,
    // PUSHER_CA_FILE: https to the Channels server also trusts these certificates (a self-signed local one).
    ...(source.PUSHER_CA_FILE && (target.kind === "cluster" || target.useTLS) ? { agent: trustingAgent(source.PUSHER_CA_FILE) } : {}),
    ...(source.PUSHER_ENCRYPTION_MASTER_KEY_BASE64
      ? { encryptionMasterKeyBase64: source.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 }
      : {}),
  };
  switch (target.kind) {
    case "url":
      return Pusher.forURL(target.url, common);
    case "cluster":
      return new Pusher({ ...common, appId: target.appId, key: target.key, secret: target.secret, cluster: target.cluster, useTLS: true });
    case "local":
      return new Pusher({
        ...common,
        appId: target.appId,
        key: target.key,
        secret: target.secret,
        host: target.host,
        port: String(target.port),
        useTLS: target.useTLS,
      });
  }
}

/** A keep-alive https agent that trusts Node's roots plus the PEM certificates in `caFile`. */
function trustingAgent(caFile: string): Agent {
  return new Agent({ keepAlive: true, ca: [...rootCertificates, readFileSync(caFile, "utf8")] });
}

const globalForPusher = globalThis as typeof globalThis & { __peatioPusher?: Pusher };

/** The shared SDK instance (kept on globalThis outside production so hot reload reuses it). */
export const pusher: Pusher = recordHostedTriggers(globalForPusher.__peatioPusher ?? createPusherServer());

if (env.NODE_ENV !== "production") globalForPusher.__peatioPusher = pusher;
