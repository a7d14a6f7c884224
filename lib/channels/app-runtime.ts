// Everything one app owns at runtime: connections, channels, cache, users, webhooks.
import { EventCache } from "./cache";
import { channelKind } from "./channel-names";
import { ChannelRegistry } from "./channel-registry";
import type { AppConfig, ChannelsConfig } from "./config";
import type { Connection } from "./connection";
import { prepareFrame } from "./frames";
import { encodeEvent, encodeInternal } from "./protocol/messages";
import { OccupancyWebhooks } from "./occupancy-webhooks";
import { CountThrottle } from "./subscription-count";
import { unsubscribe } from "./subscriptions";
import { UserRegistry } from "./user-auth";
import { WebhookSender } from "./webhooks";
import { WriteCoalescer } from "./write-coalescer";
import { ConsoleLogTap, defaultConsoleLogOptions } from "./console-log/console-log-tap";
import { TrafficCounters } from "./metrics/traffic-counters";
import type { ChannelsAdapter } from "./cluster/adapter";
import { LocalAdapter } from "./cluster/local-adapter";

/** Runtime state of one configured app. */
export class AppRuntime {
  readonly connections = new Map<string, Connection>();
  readonly channels = new ChannelRegistry();
  readonly cache: EventCache;
  readonly users = new UserRegistry();
  readonly webhooks: WebhookSender;
  /** Throttled subscription_count announcements (when enabled). */
  readonly counts: CountThrottle;
  /** channel_occupied / channel_vacated, coalesced per channel. */
  readonly occupancy: OccupancyWebhooks;
  /** Traffic totals for /metrics. */
  readonly traffic = new TrafficCounters();
  /** The log published on the console's reserved channel while someone watches it. */
  readonly consoleLog: ConsoleLogTap;
  /** Holds the sockets a turn's fan-out wrote to corked until the turn ends: one write per socket per turn. */
  readonly writes = new WriteCoalescer();
  /** Where channel state lives and how events travel: this server alone, or a cluster over Redis (server.ts picks). */
  adapter: ChannelsAdapter = new LocalAdapter(this);

  constructor(
    readonly app: AppConfig,
    readonly settings: ChannelsConfig,
  ) {
    this.cache = new EventCache(settings.cacheTtlSeconds * 1000, settings.maxCacheEntries);
    this.webhooks = new WebhookSender(
      app,
      {
        batchMs: settings.webhookBatchMs,
        retryBaseMs: settings.webhookRetryBaseMs,
        maxRetryMs: settings.webhookMaxRetryMs,
        timeoutMs: settings.webhookTimeoutMs,
        maxPendingEvents: settings.webhookMaxPendingEvents,
        maxPendingBytes: settings.webhookMaxPendingBytes,
      },
      settings.log,
    );
    this.consoleLog = new ConsoleLogTap(this.channels, { ...defaultConsoleLogOptions, ...settings.consoleLog });
    this.webhooks.observer = {
      emitted: (event) => this.consoleLog.channelEvent(event),
      attempted: (url, events, failure) => {
        if (failure === null) this.traffic.webhooksDelivered += 1;
        else this.traffic.webhookFailures += 1;
        this.consoleLog.webhookDelivery(url, events, failure);
      },
    };
    this.occupancy = new OccupancyWebhooks((event) => this.webhooks.emit(event), {
      vacatedDelayMs: settings.webhookVacatedDelayMs,
      clock: settings.clock,
      checkIntervalMs: settings.activityCheckIntervalMs ?? Math.max(25, Math.min(500, settings.webhookVacatedDelayMs / 10)),
    });
    // The adapter counts: this server's subscribers alone, or the cluster's.
    this.counts = new CountThrottle(settings.subscriptionCountIntervalMs, (name) => this.adapter.announceCount(name));
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

  /** Broadcasts and webhooks a channel's current subscription count on this server, unless vacated or unchanged. */
  announceLocalCount(name: string): void {
    const channel = this.channels.get(name);
    if (!channel || channel.presence) return;
    const count = channel.subscribers.size;
    if (count === channel.announcedCount) return;
    channel.announcedCount = count;
    this.channels.broadcast(name, encodeInternal("pusher_internal:subscription_count", name, { subscription_count: count }));
    this.webhooks.emit({ name: "subscription_count", channel: name, subscription_count: count });
  }

  /** Forgets a closed connection: leaves its channels (member_removed, vacated) and signs it out. */
  disconnect(connection: Connection): void {
    if (this.connections.get(connection.socketId) !== connection) return;
    this.connections.delete(connection.socketId);
    for (const channel of [...connection.subscriptions]) unsubscribe(this, connection, channel);
    this.users.signout(connection);
  }
}
