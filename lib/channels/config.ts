// Channels server configuration: apps and limits, parsed from env with zod.
import { z } from "zod";
import type { ConsoleLogOptions } from "./console-log/console-log-tap";
import type { MetricsAccess } from "./metrics/metrics-endpoint";
import type { ChannelsTlsConfig } from "./tls-files";
import { defaultClusterConfig, type ClusterConfig } from "./cluster/cluster-config";

/** One Pusher app served by this server (several may share a server). */
export interface AppConfig {
  id: string;
  key: string;
  secret: string;
  /** false: websocket 4003, HTTP 403. */
  enabled?: boolean;
  /** Signed webhooks are POSTed here when set. */
  webhookUrl?: string;
  /** Websocket connections allowed at once (4004 beyond); unlimited when absent. */
  maxConnections?: number;
  /** Relay client-* events (off by default, as on hosted Pusher: 4301 when off). */
  clientEvents?: boolean;
}

/** Full server configuration; startChannelsServer merges a partial one over these values. */
export interface ChannelsConfig {
  host: string;
  port: number;
  apps: AppConfig[];
  /** Certificate and key files: the port then speaks https and wss only (plain ws/http when absent). */
  tls?: ChannelsTlsConfig;
  /** Seconds announced in connection_established; the server pings after this much silence. */
  activityTimeout: number;
  /** Seconds to wait for any answer to a ping before closing with 4201. */
  pongTimeout: number;
  maxEventBytes: number;
  /** Bytes queued for one socket (unread by a slow client) beyond which it is terminated. */
  maxBufferedBytes: number;
  maxPresenceMembers: number;
  maxPresenceUserIdLength: number;
  clientEventsPerSecond: number;
  /** Channels one connection may be subscribed to at once (LimitReached beyond). */
  maxSubscriptionsPerConnection: number;
  /**
   * pusher:subscribe + pusher:unsubscribe frames per second per connection (burst: maxSubscriptionsPerConnection,
   * so a reconnect can resubscribe everything at once); 4100 beyond. They count against messagesPerSecond too.
   */
  subscriptionChangesPerSecond: number;
  /** Inbound frames per second per connection, every frame counted (burst: twice as many); 4100 beyond. */
  messagesPerSecond: number;
  subscriptionCount: boolean;
  /** At most one subscription_count per channel per this many ms (the first change goes out at once). */
  subscriptionCountIntervalMs: number;
  maxChannelsPerEvent: number;
  maxBatchSize: number;
  maxWatchlistSize: number;
  /** Accepted clock skew of HTTP API `auth_timestamp`, in seconds. */
  timestampToleranceSeconds: number;
  /** An HTTP request's headers must arrive within this many ms (the connection is closed with 408 otherwise). */
  httpHeadersTimeoutMs: number;
  /** A signed request's body must arrive within this many ms of the server starting to read it (408 otherwise). */
  httpBodyTimeoutMs: number;
  /** Request bodies read at once, server-wide; beyond, 503 before the body is read. */
  httpMaxPendingBodies: number;
  cacheTtlSeconds: number;
  /** Cache channels remembered per app; the least recently written is evicted beyond. */
  maxCacheEntries: number;
  /** Webhook events are collected this long before one POST. */
  webhookBatchMs: number;
  /** First retry delay; doubles on each failure. */
  webhookRetryBaseMs: number;
  /** Give up on a webhook batch after this long. */
  webhookMaxRetryMs: number;
  webhookTimeoutMs: number;
  /** Webhook events queued at most per app (the oldest are dropped, with a log line, beyond). */
  webhookMaxPendingEvents: number;
  /** Bytes of queued webhook events at most per app (same policy). */
  webhookMaxPendingBytes: number;
  /** channel_vacated waits this long and a re-occupy within it cancels both webhooks (Pusher's debounce); 0 sends at once. */
  webhookVacatedDelayMs: number;
  /** On shutdown, queued webhooks (channel_vacated, member_removed of the closed sockets) get this long to go out. */
  webhookShutdownMs: number;
  /** Milliseconds now for liveness, rate limits, cache expiry and the HTTP API's auth_timestamp; tests pass a clock they move by hand. */
  clock: () => number;
  /** How often liveness and cache expiry are checked; derived from the timeouts when absent. */
  activityCheckIntervalMs?: number;
  /** Operational log lines (dropped webhooks, failed upgrades); console.error by default. */
  log: (line: string) => void;
  /** GET /metrics: on by default for loopback peers; with a token, for bearers of it only (off: 404). */
  metrics?: MetricsAccess;
  /** Bounds of the console's log channel (defaults: lib/channels/console-log/console-log-tap.ts). */
  consoleLog?: Partial<ConsoleLogOptions>;
  /** Set: this server is one node of a cluster sharing channels, members and events over Redis (lib/channels/cluster). */
  cluster?: ClusterConfig;
}

/** Defaults for everything but the apps. */
export const defaultChannelsConfig: Omit<ChannelsConfig, "apps"> = {
  host: "127.0.0.1",
  port: 6001,
  activityTimeout: 120,
  pongTimeout: 30,
  maxEventBytes: 10_240,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxPresenceMembers: 100,
  maxPresenceUserIdLength: 128,
  clientEventsPerSecond: 10,
  maxSubscriptionsPerConnection: 100,
  subscriptionChangesPerSecond: 10,
  messagesPerSecond: 100,
  subscriptionCount: false,
  subscriptionCountIntervalMs: 1000,
  maxChannelsPerEvent: 100,
  maxBatchSize: 10,
  maxWatchlistSize: 100,
  timestampToleranceSeconds: 600,
  httpHeadersTimeoutMs: 10_000,
  httpBodyTimeoutMs: 5_000,
  httpMaxPendingBodies: 64,
  cacheTtlSeconds: 1800,
  maxCacheEntries: 10_000,
  webhookBatchMs: 50,
  webhookRetryBaseMs: 1000,
  webhookMaxRetryMs: 300_000,
  webhookTimeoutMs: 10_000,
  webhookMaxPendingEvents: 10_000,
  webhookMaxPendingBytes: 8 * 1024 * 1024,
  webhookShutdownMs: 3000,
  webhookVacatedDelayMs: 3000,
  clock: () => Date.now(),
  log: (line) => console.error(line),
};

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const required = (name: string) =>
  z.preprocess(blankToUndefined, z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`));
const positiveInt = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));
const flag = z.preprocess(blankToUndefined, z.enum(["true", "false", "1", "0"]).optional());

const envSchema = z.object({
  PUSHER_APP_ID: required("PUSHER_APP_ID").pipe(z.string().regex(/^\d+$/, "PUSHER_APP_ID must be numeric")),
  PUSHER_KEY: required("PUSHER_KEY"),
  PUSHER_SECRET: required("PUSHER_SECRET"),
  CHANNELS_HOST: z.preprocess(blankToUndefined, z.string().default(defaultChannelsConfig.host)),
  CHANNELS_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(defaultChannelsConfig.port)),
  CHANNELS_WEBHOOK_URL: z.preprocess(blankToUndefined, z.url().optional()),
  CHANNELS_WEBHOOK_MAX_PENDING_EVENTS: positiveInt(defaultChannelsConfig.webhookMaxPendingEvents),
  CHANNELS_WEBHOOK_MAX_PENDING_BYTES: positiveInt(defaultChannelsConfig.webhookMaxPendingBytes),
  CHANNELS_WEBHOOK_SHUTDOWN_MS: positiveInt(defaultChannelsConfig.webhookShutdownMs),
  CHANNELS_WEBHOOK_VACATED_DELAY_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(defaultChannelsConfig.webhookVacatedDelayMs)),
  CHANNELS_MAX_EVENT_BYTES: positiveInt(defaultChannelsConfig.maxEventBytes),
  CHANNELS_MAX_BUFFERED_BYTES: positiveInt(defaultChannelsConfig.maxBufferedBytes),
  CHANNELS_MAX_PRESENCE_MEMBERS: positiveInt(defaultChannelsConfig.maxPresenceMembers),
  CHANNELS_CLIENT_EVENTS_PER_SECOND: positiveInt(defaultChannelsConfig.clientEventsPerSecond),
  CHANNELS_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(defaultChannelsConfig.maxSubscriptionsPerConnection),
  CHANNELS_MAX_SUBSCRIPTION_CHANGES_PER_SECOND: positiveInt(defaultChannelsConfig.subscriptionChangesPerSecond),
  CHANNELS_MAX_MESSAGES_PER_SECOND: positiveInt(defaultChannelsConfig.messagesPerSecond),
  CHANNELS_ACTIVITY_TIMEOUT: positiveInt(defaultChannelsConfig.activityTimeout),
  CHANNELS_PONG_TIMEOUT: positiveInt(defaultChannelsConfig.pongTimeout),
  CHANNELS_MAX_CACHE_ENTRIES: positiveInt(defaultChannelsConfig.maxCacheEntries),
  CHANNELS_MAX_CONNECTIONS: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  CHANNELS_SUBSCRIPTION_COUNT: flag,
  CHANNELS_SUBSCRIPTION_COUNT_INTERVAL_MS: positiveInt(defaultChannelsConfig.subscriptionCountIntervalMs),
  CHANNELS_CLIENT_EVENTS: flag,
  CHANNELS_METRICS: flag,
  CHANNELS_METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, "CHANNELS_METRICS_TOKEN needs at least 16 characters").optional()),
  CHANNELS_HTTP_HEADERS_TIMEOUT_MS: positiveInt(defaultChannelsConfig.httpHeadersTimeoutMs),
  CHANNELS_HTTP_BODY_TIMEOUT_MS: positiveInt(defaultChannelsConfig.httpBodyTimeoutMs),
  CHANNELS_HTTP_MAX_PENDING_BODIES: positiveInt(defaultChannelsConfig.httpMaxPendingBodies),
  CHANNELS_REDIS_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^rediss?$/, error: "CHANNELS_REDIS_URL must be a redis:// or rediss:// URL" }).optional()),
  CHANNELS_REDIS_PREFIX: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "CHANNELS_REDIS_PREFIX: 1-64 of A-Z a-z 0-9 _ . -").default(defaultClusterConfig.prefix)),
  CHANNELS_CLUSTER_NODE_TTL_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(300).max(600_000).default(defaultClusterConfig.nodeTtlMs)),
  CHANNELS_TLS_CERT: z.preprocess(blankToUndefined, z.string().optional()),
  CHANNELS_TLS_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  CHANNELS_TLS_CA: z.preprocess(blankToUndefined, z.string().optional()),
  CHANNELS_TLS_PASSPHRASE: z.preprocess(blankToUndefined, z.string().optional()),
}).superRefine((env, ctx) => {
  // The files themselves are read (and every problem named) when the server starts: lib/channels/tls-files.ts.
  if (env.CHANNELS_TLS_CERT !== undefined && env.CHANNELS_TLS_KEY === undefined) {
    ctx.addIssue({ code: "custom", path: ["CHANNELS_TLS_KEY"], message: "is required with CHANNELS_TLS_CERT" });
  }
  if (env.CHANNELS_TLS_CERT === undefined) {
    for (const name of ["CHANNELS_TLS_KEY", "CHANNELS_TLS_CA", "CHANNELS_TLS_PASSPHRASE"] as const) {
      if (env[name] !== undefined) ctx.addIssue({ code: "custom", path: [name], message: "needs CHANNELS_TLS_CERT" });
    }
  }
});

/** Reads the server configuration from env; throws one error listing every missing or bad variable. */
export function loadChannelsConfig(env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>>): ChannelsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid Channels server configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  return {
    ...defaultChannelsConfig,
    host: e.CHANNELS_HOST,
    port: e.CHANNELS_PORT,
    tls:
      e.CHANNELS_TLS_CERT !== undefined && e.CHANNELS_TLS_KEY !== undefined
        ? { certFile: e.CHANNELS_TLS_CERT, keyFile: e.CHANNELS_TLS_KEY, caFile: e.CHANNELS_TLS_CA, passphrase: e.CHANNELS_TLS_PASSPHRASE }
        : undefined,
    apps: [
      {
        id: e.PUSHER_APP_ID,
        key: e.PUSHER_KEY,
        secret: e.PUSHER_SECRET,
        enabled: true,
        webhookUrl: e.CHANNELS_WEBHOOK_URL,
        maxConnections: e.CHANNELS_MAX_CONNECTIONS,
        clientEvents: e.CHANNELS_CLIENT_EVENTS === "true" || e.CHANNELS_CLIENT_EVENTS === "1",
      },
    ],
    webhookMaxPendingEvents: e.CHANNELS_WEBHOOK_MAX_PENDING_EVENTS,
    webhookMaxPendingBytes: e.CHANNELS_WEBHOOK_MAX_PENDING_BYTES,
    webhookShutdownMs: e.CHANNELS_WEBHOOK_SHUTDOWN_MS,
    webhookVacatedDelayMs: e.CHANNELS_WEBHOOK_VACATED_DELAY_MS,
    activityTimeout: e.CHANNELS_ACTIVITY_TIMEOUT,
    pongTimeout: e.CHANNELS_PONG_TIMEOUT,
    maxEventBytes: e.CHANNELS_MAX_EVENT_BYTES,
    maxCacheEntries: e.CHANNELS_MAX_CACHE_ENTRIES,
    maxBufferedBytes: e.CHANNELS_MAX_BUFFERED_BYTES,
    maxPresenceMembers: e.CHANNELS_MAX_PRESENCE_MEMBERS,
    clientEventsPerSecond: e.CHANNELS_CLIENT_EVENTS_PER_SECOND,
    maxSubscriptionsPerConnection: e.CHANNELS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    subscriptionChangesPerSecond: e.CHANNELS_MAX_SUBSCRIPTION_CHANGES_PER_SECOND,
    messagesPerSecond: e.CHANNELS_MAX_MESSAGES_PER_SECOND,
    subscriptionCount: e.CHANNELS_SUBSCRIPTION_COUNT === "true" || e.CHANNELS_SUBSCRIPTION_COUNT === "1",
    subscriptionCountIntervalMs: e.CHANNELS_SUBSCRIPTION_COUNT_INTERVAL_MS,
    metrics: { enabled: e.CHANNELS_METRICS !== "false" && e.CHANNELS_METRICS !== "0", token: e.CHANNELS_METRICS_TOKEN },
    httpHeadersTimeoutMs: e.CHANNELS_HTTP_HEADERS_TIMEOUT_MS,
    httpBodyTimeoutMs: e.CHANNELS_HTTP_BODY_TIMEOUT_MS,
    httpMaxPendingBodies: e.CHANNELS_HTTP_MAX_PENDING_BODIES,
    cluster:
      e.CHANNELS_REDIS_URL === undefined
        ? undefined
        : { ...defaultClusterConfig, redisUrl: e.CHANNELS_REDIS_URL, prefix: e.CHANNELS_REDIS_PREFIX, nodeTtlMs: e.CHANNELS_CLUSTER_NODE_TTL_MS },
  };
}

/** Merges a partial config over the defaults; apps come from env when none are given. */
export function resolveChannelsConfig(partial: Partial<ChannelsConfig> = {}): ChannelsConfig {
  const base: ChannelsConfig = partial.apps ? { ...defaultChannelsConfig, apps: partial.apps } : loadChannelsConfig(process.env);
  const merged: ChannelsConfig = { ...base, ...stripUndefined(partial) };
  if (merged.apps.length === 0) throw new Error("Invalid Channels server configuration: no apps configured");
  for (const app of merged.apps) {
    if (!/^\d+$/.test(app.id)) throw new Error(`Invalid Channels server configuration: app id '${app.id}' must be numeric`);
    if (!app.key || !app.secret) throw new Error(`Invalid Channels server configuration: app ${app.id} needs a key and a secret`);
  }
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
