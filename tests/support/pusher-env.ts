// The app's Pusher env (lib/pusher/resolve-target.ts) pointing at one of our Channels servers on loopback.
import type { PusherEnv } from "@/lib/pusher/resolve-target";

/** `app`'s credentials on 127.0.0.1:`port`, plain http unless `overrides` say otherwise (e.g. PUSHER_USE_TLS, PUSHER_CA_FILE). */
export function loopbackPusherEnv(app: { id: string; key: string; secret: string }, port: number, overrides: Partial<PusherEnv> = {}): PusherEnv {
  return {
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
    PUSHER_CLUSTER: undefined,
    PUSHER_URL: undefined,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: port,
    PUSHER_USE_TLS: false,
    CHANNELS_PORT: 6001,
    PUSHER_PUBLIC_HOST: undefined,
    PUSHER_PUBLIC_PORT: undefined,
    PUSHER_ENCRYPTION_MASTER_KEY_BASE64: undefined,
    ...overrides,
  };
}
