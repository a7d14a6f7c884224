// Everything one app owns at runtime: connections, channels, cache, users, webhooks.
import { EventCache } from "./cache";
import { channelKind } from "./channel-names";
import { ChannelRegistry } from "./channel-registry";
import type { AppConfig, ChannelsConfig } from "./config";
import type { Connection } from "./connection";
import { prepareFrame } from "./frames";
import { encodeEvent } from "./protocol/messages";
import { unsubscribe } from "./subscriptions";
import { UserRegistry } from "./user-auth";
import { WebhookSender } from "./webhooks";

/** Runtime state of one configured app. */
export class AppRuntime {
  readonly connections = new Map<string, Connection>();
  readonly channels = new ChannelRegistry();
  readonly cache: EventCache;
  readonly users = new UserRegistry();
  readonly webhooks: WebhookSender;

  constructor(
    readonly app: AppConfig,
    readonly settings: ChannelsConfig,
  ) {
    this.cache = new EventCache(settings.cacheTtlSeconds * 1000);
    this.webhooks = new WebhookSender(app, {
      batchMs: settings.webhookBatchMs,
      retryBaseMs: settings.webhookRetryBaseMs,
      maxRetryMs: settings.webhookMaxRetryMs,
      timeoutMs: settings.webhookTimeoutMs,
    });
  }

  /** False when the app is configured as disabled. */
  get enabled(): boolean {
    return this.app.enabled !== false;
  }

  /** Server event fan-out: encodes once, caches for cache channels, sends to all but `except`. */
  publish(channel: string, event: string, data: string, except?: Connection): number {
    const frame = prepareFrame(encodeEvent(event, channel, data));
    if (channelKind(channel).cache) this.cache.set(channel, event, data, frame, this.settings.clock());
    return this.channels.broadcast(channel, frame, except);
  }

  /** Forgets a closed connection: leaves its channels (member_removed, vacated) and signs it out. */
  disconnect(connection: Connection): void {
    if (this.connections.get(connection.socketId) !== connection) return;
    this.connections.delete(connection.socketId);
    for (const channel of [...connection.subscriptions]) unsubscribe(this, connection, channel);
    this.users.signout(connection);
  }
}
