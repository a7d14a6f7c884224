// The app's one `pusher` server SDK instance: our Channels server by default, hosted Pusher by env.
import "server-only";
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import Pusher from "pusher";
import { recordHostedTriggers } from "@/lib/console/app-log";
import { env } from "@/lib/env";
import { resolvePusherTarget, type PusherEnv, type PusherTarget } from "@/lib/pusher/resolve-target";
import { createTriggerTransport, type TriggerTransport } from "@/lib/pusher/trigger-transport";

/** Triggers give up after this long, so a hung Channels server cannot hold a request's `after()`. */
const TRIGGER_TIMEOUT_MS = 5_000;

/** A pusher SDK client for `source` (the app's env by default; scripts and tests may pass their own). */
export function createPusherServer(source: PusherEnv = env): Pusher {
  const target = resolvePusherTarget(source);
  const useTLS = target.kind === "cluster" || target.useTLS;
  // Its own keep-alive agent (lib/pusher/trigger-transport.ts: the keep-alive race with the server's timeout).
  // PUSHER_CA_FILE: https to the Channels server also trusts these certificates (a self-signed local one).
  const transport = createTriggerTransport({
    useTLS,
    ...(source.PUSHER_CA_FILE && useTLS ? { ca: [...rootCertificates, readFileSync(source.PUSHER_CA_FILE, "utf8")] } : {}),
  });
  const common = {
    timeout: TRIGGER_TIMEOUT_MS,
    agent: transport.agent,
    ...(source.PUSHER_ENCRYPTION_MASTER_KEY_BASE64
      ? { encryptionMasterKeyBase64: source.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 }
      : {}),
  };
  return resendOnReusedSocketReset(createSdk(target, common), transport);
}

function createSdk(target: PusherTarget, common: Pick<Pusher.BaseOptions, "timeout" | "agent" | "encryptionMasterKeyBase64">): Pusher {
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

/** Every request of `pusher` (trigger, trigger_batch, sendToUser, channel queries) goes through `transport.send`. */
function resendOnReusedSocketReset(pusher: Pusher, transport: TriggerTransport): Pusher {
  const post = pusher.post.bind(pusher);
  const get = pusher.get.bind(pusher);
  // trigger and triggerBatch encrypt (once) and then call post with the final body: a re-send sends the same bytes.
  pusher.post = (options) => transport.send(() => post(options));
  pusher.get = (options) => transport.send(() => get(options));
  return pusher;
}

const globalForPusher = globalThis as typeof globalThis & { __peatioPusher?: Pusher };

/** The shared SDK instance (kept on globalThis outside production so hot reload reuses it). */
export const pusher: Pusher = recordHostedTriggers(globalForPusher.__peatioPusher ?? createPusherServer());

if (env.NODE_ENV !== "production") globalForPusher.__peatioPusher = pusher;
