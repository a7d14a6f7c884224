// A cluster member: channels, members and events shared with the other nodes through Redis, so that any number of
// nodes answer exactly like one server. Shared state changes only through atomic Lua scripts that also publish the
// change on the bus, numbered, so every node applies every change in one order (lib/channels/cluster/redis-scripts.ts).
// While Redis is away the node serves its own connections alone, logs it, and re-syncs its share when Redis returns.
import { hostname } from "node:os";
import type { AppRuntime } from "../app-runtime";
import { channelKind } from "../channel-names";
import type { Connection } from "../connection";
import { err, ok, type Result, type SubscriptionError } from "../errors";
import { prepareFrame } from "../frames";
import type { Member } from "../presence";
import { encodeEvent, encodeEventWithRawData, encodeInternal } from "../protocol/messages";
import { announceCount, replayCache } from "../subscriptions";
import type { UserPresenceHooks } from "../user-auth";
import type { WebhookEvent } from "../webhooks";
import type { ChannelsAdapter, ChannelStats, ClientEventRelay, ServerEvent } from "./adapter";
import { encodeUnnumbered, parseBusMessage, type BusMessage } from "./bus-messages";
import type { ClusterConfig } from "./cluster-config";
import { listLocalChannels, readLocalStats, terminateLocalUser } from "./local-state";
import { NodeContributions } from "./node-contributions";
import { PresenceView, type ViewChange } from "./presence-view";
import { describeError, redactUrl } from "./log-text";
import { RedisLink } from "./redis-link";
import * as scripts from "./redis-scripts";

/** How often a still-unreachable Redis is logged again. */
const OUTAGE_LOG_INTERVAL_MS = 30_000;

/** One node of a Channels cluster over Redis, for one app. */
export class RedisAdapter implements ChannelsAdapter {
  /** This node's id in the cluster (also in its log lines). */
  readonly nodeId = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly prefix: string;
  private readonly link: RedisLink;
  private readonly contributions = new NodeContributions();
  /** Presence channels with local subscribers: their members as those subscribers know them. */
  private readonly views = new Map<string, PresenceView>();
  /** Presence joins waiting for the cluster's answer, per connection: channel -> ticket. */
  private readonly pending = new WeakMap<Connection, Map<string, number>>();
  /** Change number of each cache channel's event held here (newer ones win when the node re-syncs). */
  private readonly cacheSeq = new Map<string, number>();
  /** Scripts and publishes in flight (close waits for them). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private tickets = 0;
  /** Bumped on every sync: a join answered after a sync it was not part of must be undone in Redis too. */
  private generation = 0;
  /** Highest change number seen on the bus, and in a script's answer. */
  private busSeq = 0;
  private answerSeq = 0;
  /** True once the node has sent its share after (re)connecting: changes then go through Redis. */
  private live = false;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private closing = false;
  private outageSince = 0;
  private outageLoggedAt = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private fullCatchUp: NodeJS.Timeout | null = null;
  private firstSync: { resolve: () => void; promise: Promise<void> };
  /** The user registry's own online/offline decisions (this node's sockets), used while Redis is away. */
  private readonly alone: UserPresenceHooks;

  constructor(
    private readonly runtime: AppRuntime,
    private readonly config: ClusterConfig,
  ) {
    this.prefix = `${config.prefix}:${runtime.app.id}`;
    let resolve = () => {};
    this.firstSync = { promise: new Promise<void>((done) => (resolve = done)), resolve: () => resolve() };
    // Watchlist online/offline: decided in Redis, heard by every node's watchers; the registry's own while Redis is away.
    this.alone = runtime.users.hooks;
    runtime.users.hooks = {
      changed: (userId, online) => this.userChanged(userId, online),
      onlineAmong: (userIds, send) => this.onlineAmong(userIds, send),
    };
    this.link = new RedisLink(config, `${this.prefix}:bus`, {
      up: () => this.requestSync(),
      down: (reason) => this.goAlone(reason),
      message: (text) => this.onBusMessage(text),
    }, (line) => this.log(line));
  }

  private get settings() {
    return this.runtime.settings;
  }

  /** Connects and joins the cluster; after `startTimeoutMs` without Redis it serves alone (loudly) and keeps trying. */
  async start(): Promise<void> {
    this.link.connect();
    const heartbeatMs = Math.max(100, Math.floor(this.config.nodeTtlMs / 3));
    // Dead nodes are looked for every quarter TTL; due channel_vacated (when delayed) about every tenth of the delay.
    const delay = this.settings.webhookVacatedDelayMs;
    const reapMs = Math.floor(this.config.nodeTtlMs / 4);
    const vacatedMs = delay > 0 ? (this.settings.activityCheckIntervalMs ?? Math.min(500, delay / 10)) : reapMs;
    const sweepMs = Math.max(25, Math.min(reapMs, vacatedMs));
    this.every(heartbeatMs, () => this.heartbeat());
    this.every(sweepMs, () => this.housekeeping());
    this.every(Math.max(1000, heartbeatMs), () => this.pruneViews());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.config.startTimeoutMs)));
    const late = await Promise.race([this.firstSync.promise.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) this.noteOutage(`no answer within ${this.config.startTimeoutMs} ms of starting`);
  }

  // ---- subscriptions ------------------------------------------------------------------------------------------

  /** Public and private channels: at once here, counted in Redis; presence: once the cluster answered (member cap). */
  admit(connection: Connection, name: string, member: Member | null): Result<void, SubscriptionError> {
    if (!member) return this.admitSubscriber(connection, name);
    if (!this.live) return this.admitMemberAlone(connection, name, member);
    const info = JSON.stringify(member.userInfo ?? null);
    const ticket = ++this.tickets;
    let tickets = this.pending.get(connection);
    if (!tickets) {
      tickets = new Map();
      this.pending.set(connection, tickets);
    }
    tickets.set(name, ticket);
    // Counted as subscribed from now on (the subscription limit, a repeated subscribe, an unsubscribe that cancels it).
    connection.subscriptions.add(name);
    this.contributions.add(name, { userId: member.userId, info });
    const generation = this.generation;
    const { clock, maxPresenceMembers, webhookVacatedDelayMs } = this.settings;
    const args = [this.prefix, this.nodeId, name, "1", member.userId, info, maxPresenceMembers, clock(), webhookVacatedDelayMs, connection.socketId];
    this.track(this.link.run(scripts.JOIN, args)).then(
      (answer) => this.joinAnswered(connection, name, member, ticket, generation, parseJoinAnswer(answer)),
      () => this.joinAnswered(connection, name, member, ticket, generation, null),
    );
    return ok(undefined);
  }

  /** Leaves (or cancels a join still waiting for its answer). */
  leave(connection: Connection, name: string): void {
    const tickets = this.pending.get(connection);
    if (tickets?.has(name)) {
      // The answer will find the ticket gone and undo the join.
      tickets.delete(name);
      connection.subscriptions.delete(name);
      return;
    }
    const channel = this.runtime.channels.get(name);
    if (!channel || !connection.subscriptions.has(name)) return;
    const userId = channel.presence?.userIdOf(connection) ?? null;
    const lastLocalSocket = channel.presence ? channel.presence.leave(connection) : null;
    const vacated = this.runtime.channels.remove(channel, connection);
    const view = this.views.get(name);
    if (vacated) this.views.delete(name);
    this.contributions.remove(name, userId);
    if (this.live) this.sendLeave(name, userId);
    else {
      const change = lastLocalSocket !== null ? view?.leaveLocally(lastLocalSocket) : null;
      if (change && !vacated) this.announceMember(name, change);
    }
    // After the leave was sent: a count read in Redis comes after it (subscribers on other nodes hear it too).
    announceCount(this.runtime, channel);
  }

  private admitSubscriber(connection: Connection, name: string): Result<void, SubscriptionError> {
    const { runtime } = this;
    const channel = runtime.channels.ensure(name);
    runtime.channels.add(channel, connection);
    connection.send(encodeInternal("pusher_internal:subscription_succeeded", name, {}));
    this.contributions.add(name, null);
    if (this.live) {
      const { clock, webhookVacatedDelayMs } = this.settings;
      const args = [this.prefix, this.nodeId, name, "0", "", "", 0, clock(), webhookVacatedDelayMs, connection.socketId];
      this.track(this.link.run(scripts.JOIN, args)).then(
        (answer) => this.emitWebhooks(parseJoinAnswer(answer)?.events ?? []),
        () => {},
      );
    }
    // After the join was sent: a count read in Redis comes after it.
    announceCount(runtime, channel);
    if (channel.kind.cache) replayCache(runtime, connection, name);
    return ok(undefined);
  }

  /** A presence join on this node alone (Redis away): the member cap counts the members this node knows. */
  private admitMemberAlone(connection: Connection, name: string, member: Member): Result<void, SubscriptionError> {
    const { runtime } = this;
    const view = this.views.get(name) ?? new PresenceView([], this.busSeq);
    const { maxPresenceMembers } = this.settings;
    if (!view.has(member.userId) && view.count >= maxPresenceMembers) return err(memberCapError(maxPresenceMembers));
    this.views.set(name, view);
    const channel = runtime.channels.ensure(name);
    runtime.channels.add(channel, connection);
    channel.presence?.join(connection, member);
    this.contributions.add(name, { userId: member.userId, info: JSON.stringify(member.userInfo ?? null) });
    const change = view.joinLocally(member.userId, member.userInfo ?? null);
    if (change) this.announceMember(name, change, connection);
    connection.send(encodeInternal("pusher_internal:subscription_succeeded", name, view.snapshot()));
    if (channel.kind.cache) replayCache(runtime, connection, name);
    return ok(undefined);
  }

  private joinAnswered(connection: Connection, name: string, member: Member, ticket: number, generation: number, answer: JoinAnswer | null): void {
    const tickets = this.pending.get(connection);
    const wanted = tickets?.get(name) === ticket && !connection.closed;
    if (wanted) tickets?.delete(name);
    if (answer === null) {
      // Redis went away with the join in flight: the node goes alone; its next sync sends this socket's share.
      if (wanted) this.joinAlone(connection, name, member);
      else this.contributions.remove(name, member.userId);
      return;
    }
    if (answer.full) {
      this.contributions.remove(name, member.userId);
      // A sync sent since counted this join: take it back in Redis too.
      if (generation !== this.generation) this.sendLeave(name, member.userId);
      if (!wanted) return;
      connection.subscriptions.delete(name);
      const error = memberCapError(this.settings.maxPresenceMembers);
      this.runtime.consoleLog.subscription(connection, name, err(error));
      connection.send(encodeEvent("pusher:subscription_error", name, error));
      return;
    }
    this.noteAnswer(answer.seq);
    this.emitWebhooks(answer.events);
    if (!wanted) {
      this.contributions.remove(name, member.userId);
      this.sendLeave(name, member.userId);
      return;
    }
    const { runtime } = this;
    const view = this.views.get(name) ?? new PresenceView(answer.members, answer.seq);
    this.views.set(name, view);
    const info = answer.members.get(member.userId) ?? member.userInfo ?? null;
    const change = view.apply(member.userId, true, info, answer.seq);
    if (change) this.announceMember(name, change, connection);
    const channel = runtime.channels.ensure(name);
    runtime.channels.add(channel, connection);
    channel.presence?.join(connection, member);
    connection.send(encodeInternal("pusher_internal:subscription_succeeded", name, view.snapshot()));
    if (channel.kind.cache) replayCache(runtime, connection, name);
  }

  /** The join could not reach Redis: admit it here alone, unless this node's own count says the channel is full. */
  private joinAlone(connection: Connection, name: string, member: Member): void {
    this.contributions.remove(name, member.userId);
    connection.subscriptions.delete(name);
    const result = this.admitMemberAlone(connection, name, member);
    if (result.ok) return;
    this.runtime.consoleLog.subscription(connection, name, result);
    connection.send(encodeEvent("pusher:subscription_error", name, result.error));
  }

  private sendLeave(name: string, userId: string | null): void {
    if (!this.live) return;
    const { clock, webhookVacatedDelayMs } = this.settings;
    const args = [this.prefix, this.nodeId, name, userId === null ? "0" : "1", userId ?? "", clock(), webhookVacatedDelayMs];
    this.track(this.link.run(scripts.LEAVE, args)).then(
      (answer) => {
        const parsed = parseLeaveAnswer(answer);
        if (!parsed) return;
        this.noteAnswer(parsed.seq);
        for (const event of parsed.events) {
          if (event.name !== "member_removed") continue;
          const change = this.views.get(event.channel)?.apply(event.user_id, false, null, parsed.seq);
          if (change) this.announceMember(event.channel, change);
        }
        this.emitWebhooks(parsed.events);
      },
      () => {},
    );
  }

  // ---- events -------------------------------------------------------------------------------------------------

  /** Numbers and publishes the events in one script; every node (this one too) delivers them from the bus. */
  async publish(events: readonly ServerEvent[]): Promise<void> {
    if (this.live) {
      const args: (string | number)[] = [this.prefix, this.settings.cacheTtlSeconds * 1000];
      for (const event of events) {
        const message: BusMessage = { t: "e", c: event.channel, n: event.name, d: event.data, ...(event.socketId ? { x: event.socketId } : {}) };
        // Serialized once: the bus message is also what a cache channel keeps as its last event.
        args.push(JSON.stringify(message), channelKind(event.channel).cache ? event.channel : "");
      }
      try {
        await this.track(this.link.run(scripts.PUBLISH, args));
        return;
      } catch (error) {
        // Not known to be published: this node's subscribers get the events now; other nodes' miss them.
        this.noteOutage(`publishing failed (${describeError(error)})`);
      }
    }
    for (const event of events) this.deliver(event.channel, event.name, event.data, event.socketId, 0);
  }

  /** Through the bus (every node leaves the sender out); while Redis is away, to this node's subscribers. */
  relayClientEvent({ channel, event, rawData, sender, userId }: ClientEventRelay): void {
    const local = () => {
      this.runtime.channels.broadcast(channel, encodeEventWithRawData(event, channel, rawData, userId), sender);
    };
    if (!this.live) return local();
    const message = encodeUnnumbered({ t: "ce", c: channel, n: event, r: rawData, x: sender.socketId, ...(userId !== undefined ? { u: userId } : {}) });
    this.track(this.link.publish(message)).catch(local);
  }

  /** Counted in Redis and announced on the bus, so every node tells its subscribers the cluster's count. */
  announceCount(name: string): void {
    if (!this.live) return this.runtime.announceLocalCount(name);
    this.track(this.link.run(scripts.COUNT, [this.prefix, name])).then(
      (answer) => {
        if (!Array.isArray(answer) || answer[0] !== 1) return;
        this.runtime.webhooks.emit({ name: "subscription_count", channel: name, subscription_count: toNumber(answer[1]) });
      },
      () => {},
    );
  }

  /** A user's first connection here signed in, or its last one here left: Redis decides online/offline for all. */
  private userChanged(userId: string, online: boolean): void {
    this.contributions.setUser(userId, online);
    const local = () => this.alone.changed(userId, online);
    if (!this.live) return local();
    this.track(this.link.run(scripts.USER, [this.prefix, this.nodeId, userId, online ? "1" : "0"])).catch(local);
  }

  /** Which watched users are signed in on some node (this node's own while Redis is away). */
  private onlineAmong(userIds: readonly string[], send: (online: string[]) => void): void {
    const local = () => this.alone.onlineAmong(userIds, send);
    if (!this.live || userIds.length === 0) return local();
    this.track(this.link.run(scripts.ONLINE, [this.prefix, ...userIds])).then(
      (answer) => send(Array.isArray(answer) ? answer.map(String) : []),
      local,
    );
  }

  /** Every node closes the user's connections it holds. */
  async terminateUser(userId: string): Promise<void> {
    if (this.live) {
      try {
        await this.track(this.link.publish(encodeUnnumbered({ t: "tu", u: userId })));
        return;
      } catch {
        // Redis went away: this node's connections at least.
      }
    }
    terminateLocalUser(this.runtime, userId);
  }

  private onBusMessage(text: string): void {
    const parsed = parseBusMessage(text);
    if (!parsed) {
      this.log(`Channels cluster: ignored a malformed bus message: ${text.slice(0, 120)}`);
      return;
    }
    const { seq, message } = parsed;
    if (seq > this.busSeq) this.busSeq = seq;
    const { runtime } = this;
    try {
      switch (message.t) {
        case "e":
          this.deliver(message.c, message.n, message.d, message.x, seq);
          break;
        case "ce": {
          const except = runtime.connections.get(message.x);
          runtime.channels.broadcast(message.c, encodeEventWithRawData(message.n, message.c, message.r, message.u), except);
          break;
        }
        case "ma": {
          const change = this.views.get(message.c)?.apply(message.u, true, parseInfo(message.i), seq);
          if (change) this.announceMember(message.c, change, message.x === undefined ? undefined : runtime.connections.get(message.x));
          break;
        }
        case "mr": {
          const change = this.views.get(message.c)?.apply(message.u, false, null, seq);
          if (change) this.announceMember(message.c, change);
          break;
        }
        case "sc": {
          const channel = runtime.channels.get(message.c);
          if (!channel || channel.presence) break;
          channel.announcedCount = message.n;
          runtime.channels.broadcast(message.c, encodeInternal("pusher_internal:subscription_count", message.c, { subscription_count: message.n }));
          break;
        }
        case "on":
        case "off":
          runtime.users.notifyWatchers(message.u, message.t === "on" ? "online" : "offline");
          break;
        case "tu":
          terminateLocalUser(runtime, message.u);
          break;
      }
    } catch (error) {
      this.log(`Channels cluster: a bus message could not be handled: ${describeError(error)}`);
    }
  }

  /** Fans an event out to this node's subscribers (and caches it on cache channels). */
  private deliver(channel: string, name: string, data: string, socketId: string | undefined, seq: number): void {
    const except = socketId ? this.runtime.connections.get(socketId) : undefined;
    this.runtime.publish(channel, name, data, except);
    if (seq > 0 && channelKind(channel).cache) this.rememberCacheSeq(channel, seq);
  }

  private rememberCacheSeq(channel: string, seq: number): void {
    this.cacheSeq.delete(channel);
    this.cacheSeq.set(channel, seq);
    const bound = this.settings.maxCacheEntries * 2;
    for (const oldest of this.cacheSeq.keys()) {
      if (this.cacheSeq.size <= bound) break;
      this.cacheSeq.delete(oldest);
    }
  }

  private announceMember(name: string, change: ViewChange, except?: Connection): void {
    const message =
      change.kind === "added"
        ? encodeInternal("pusher_internal:member_added", name, { user_id: change.userId, user_info: change.info ?? null })
        : encodeInternal("pusher_internal:member_removed", name, { user_id: change.userId });
    this.runtime.channels.broadcast(name, message, except);
  }

  // ---- HTTP API reads -----------------------------------------------------------------------------------------

  /** From Redis; this node's own counts while Redis is away. */
  async channelStats(name: string): Promise<ChannelStats> {
    if (this.live) {
      try {
        const answer = await this.link.run(scripts.STATS, [this.prefix, name]);
        if (Array.isArray(answer)) return { subscriptionCount: toNumber(answer[0]), userCount: toNumber(answer[1]) };
      } catch {
        // fall through to what this node knows
      }
    }
    const stats = readLocalStats(this.runtime, name);
    return { ...stats, userCount: this.views.get(name)?.count ?? stats.userCount };
  }

  /** From Redis; this node's own channels while Redis is away. */
  async listChannels(prefix: string): Promise<Map<string, ChannelStats>> {
    if (this.live) {
      try {
        const answer = await this.link.run(scripts.CHANNELS, [this.prefix, prefix]);
        if (Array.isArray(answer)) {
          const out = new Map<string, ChannelStats>();
          for (let at = 0; at + 2 < answer.length; at += 3) {
            out.set(String(answer[at]), { subscriptionCount: toNumber(answer[at + 1]), userCount: toNumber(answer[at + 2]) });
          }
          return out;
        }
      } catch {
        // fall through
      }
    }
    return listLocalChannels(this.runtime, prefix);
  }

  /** From Redis; the members this node knows while Redis is away. */
  async channelUserIds(name: string): Promise<string[]> {
    if (this.live) {
      try {
        return await this.link.hashKeys(`${this.prefix}:m:${name}`);
      } catch {
        // fall through
      }
    }
    return this.views.get(name)?.ids() ?? this.runtime.channels.get(name)?.presence?.ids() ?? [];
  }

  // ---- membership of the cluster ------------------------------------------------------------------------------

  /** Sends this node's whole share (replacing what Redis held for it), then catches up on members and caches. */
  private requestSync(): void {
    if (this.closing) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = this.sync().finally(() => {
      this.syncing = null;
      if (this.syncAgain && this.link.up) {
        this.syncAgain = false;
        this.requestSync();
      }
    });
  }

  private async sync(): Promise<void> {
    if (!this.link.up) return;
    const { clock, webhookVacatedDelayMs } = this.settings;
    const description = JSON.stringify({ host: hostname(), pid: process.pid, at: new Date(clock()).toISOString() });
    this.generation += 1;
    const args = [this.prefix, this.nodeId, clock(), webhookVacatedDelayMs, this.config.nodeTtlMs, description, ...this.contributions.toSyncArguments()];
    // Sent before anything else on the connection: every join and leave sent after it builds on it.
    const synced = this.track(this.link.run(scripts.SYNC, args));
    this.live = true;
    try {
      const answer = parseLeaveAnswer(await synced);
      if (answer) {
        this.noteAnswer(answer.seq);
        this.emitWebhooks(answer.events);
      }
      await this.catchUpCaches();
      // Members other nodes hold are back once they re-sent their share too: add now, take out after a node TTL.
      await this.catchUpMembers(false);
      this.scheduleFullCatchUp();
    } catch (error) {
      this.goAlone(`syncing failed (${describeError(error)})`);
      return;
    }
    if (this.outageSince > 0) {
      this.log(
        `Channels cluster: Redis at ${redactUrl(this.config.redisUrl)} is back after ${Math.round((Date.now() - this.outageSince) / 1000)} s: ` +
          `node ${this.nodeId} re-synced (${this.contributions.describe()})`,
      );
      this.outageSince = 0;
    }
    this.firstSync.resolve();
  }

  /** Redis (or the connection to it) is gone: this node serves its connections alone until it returns. */
  private goAlone(reason: string): void {
    this.live = false;
    if (this.closing) return;
    this.noteOutage(reason);
  }

  private noteOutage(reason: string): void {
    const now = Date.now();
    if (this.outageSince === 0) {
      this.outageSince = now;
      this.outageLoggedAt = now;
      this.log(
        `Channels cluster: Redis at ${redactUrl(this.config.redisUrl)} is unreachable (${reason}): node ${this.nodeId} ` +
          `serves its ${this.runtime.connections.size} connections ALONE; events triggered here reach only them, ` +
          `other nodes' events and members do not arrive until Redis returns`,
      );
    } else if (now - this.outageLoggedAt >= OUTAGE_LOG_INTERVAL_MS) {
      this.outageLoggedAt = now;
      this.log(`Channels cluster: Redis still unreachable after ${Math.round((now - this.outageSince) / 1000)} s (${reason}); node ${this.nodeId} serves alone`);
    }
  }

  /** Cache channels' last events sent while this node was away or not started yet. */
  private async catchUpCaches(): Promise<void> {
    const answer = await this.link.run(scripts.CACHES, [this.prefix]);
    if (!Array.isArray(answer)) return;
    const now = this.settings.clock();
    const ttlMs = this.settings.cacheTtlSeconds * 1000;
    for (let at = 0; at + 2 < answer.length; at += 3) {
      const channel = String(answer[at]);
      const parsed = parseBusMessage(String(answer[at + 1]));
      if (parsed?.message.t !== "e" || !(parsed.seq > (this.cacheSeq.get(channel) ?? 0))) continue;
      const { n: name, d: data } = parsed.message;
      const remaining = Math.min(ttlMs, Math.max(0, toNumber(answer[at + 2])));
      this.runtime.cache.set(channel, name, data, prepareFrame(encodeEvent(name, channel, data)), now - (ttlMs - remaining));
      this.rememberCacheSeq(channel, parsed.seq);
    }
  }

  /** One node TTL after a sync (every live node has re-sent its share by then), members that are gone leave. */
  private scheduleFullCatchUp(): void {
    if (this.fullCatchUp) clearTimeout(this.fullCatchUp);
    this.fullCatchUp = setTimeout(() => {
      this.fullCatchUp = null;
      if (!this.live || this.closing || this.syncing) return;
      this.catchUpMembers(true).catch(() => {});
    }, this.config.nodeTtlMs);
    this.fullCatchUp.unref();
  }

  /** Members of the presence channels this node has subscribers on, as of now: local subscribers hear the difference. */
  private async catchUpMembers(removals: boolean): Promise<void> {
    for (const name of [...this.views.keys()]) {
      const answer = await this.link.run(scripts.MEMBERS, [this.prefix, name]);
      if (!Array.isArray(answer) || !Array.isArray(answer[1])) continue;
      const seq = toNumber(answer[0]);
      this.noteAnswer(seq);
      const members = new Map<string, unknown>();
      const flat = answer[1] as unknown[];
      for (let at = 0; at + 1 < flat.length; at += 2) members.set(String(flat[at]), parseInfo(String(flat[at + 1])));
      for (const change of this.views.get(name)?.reset(members, seq, removals) ?? []) this.announceMember(name, change);
    }
  }

  private heartbeat(): void {
    if (!this.live || this.syncing) return;
    this.track(this.link.run(scripts.HEARTBEAT, [this.prefix, this.nodeId, this.config.nodeTtlMs])).then(
      (answer) => {
        if (!Array.isArray(answer)) return;
        this.noteAnswer(toNumber(answer[1]));
        if (answer[0] !== 0 || this.syncing || this.closing) return;
        // Taken out of the cluster (silent too long, or Redis lost its data): send this node's share again.
        this.log(`Channels cluster: node ${this.nodeId} was taken out of the cluster (heartbeats missed or Redis restarted): re-syncing`);
        this.requestSync();
      },
      () => {},
    );
  }

  private housekeeping(): void {
    if (!this.live) return;
    const args = [this.prefix, this.nodeId, this.settings.clock(), this.settings.webhookVacatedDelayMs];
    this.track(this.link.run(scripts.HOUSEKEEPING, args)).then(
      (answer) => {
        if (!Array.isArray(answer)) return;
        this.emitWebhooks(parseEvents(answer[0]));
        const reaped = Array.isArray(answer[1]) ? answer[1].map(String) : [];
        if (reaped.length > 0) {
          this.log(`Channels cluster: node(s) ${reaped.join(", ")} sent no heartbeat for ${this.config.nodeTtlMs} ms: their members left and their channels vacated`);
        }
      },
      () => {},
    );
  }

  private pruneViews(): void {
    const floor = Math.min(this.busSeq, this.answerSeq);
    for (const view of this.views.values()) view.prune(floor);
  }

  private noteAnswer(seq: number): void {
    if (seq > this.answerSeq) this.answerSeq = seq;
  }

  private emitWebhooks(events: readonly WebhookEvent[]): void {
    for (const event of events) this.runtime.webhooks.emit(event);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private log(line: string): void {
    this.settings.log(line);
  }

  /** After the sockets closed: their leaves finish, the node leaves the cluster (the last one sends pending vacated). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.fullCatchUp) clearTimeout(this.fullCatchUp);
    const deadline = this.settings.webhookShutdownMs;
    const settled = async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (!this.live) return;
      const answer = await this.link.run(scripts.DEPART, [this.prefix, this.nodeId, this.settings.clock()]).catch(() => null);
      if (Array.isArray(answer)) this.emitWebhooks(parseEvents(answer[0]));
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled(), new Promise((resolve) => (timer = setTimeout(resolve, deadline)))]);
    clearTimeout(timer);
    this.live = false;
    await this.link.close();
  }
}

/** The answer to a join: refused (the member cap), or the change number, webhooks and (presence) the members. */
interface JoinAnswer {
  full: boolean;
  seq: number;
  events: WebhookEvent[];
  members: Map<string, unknown>;
}

function parseJoinAnswer(answer: unknown): JoinAnswer | null {
  if (!Array.isArray(answer)) return null;
  if (answer[0] === "full") return { full: true, seq: 0, events: [], members: new Map() };
  const members = new Map<string, unknown>();
  const flat: unknown[] = Array.isArray(answer[3]) ? answer[3] : [];
  for (let at = 0; at + 1 < flat.length; at += 2) members.set(String(flat[at]), parseInfo(String(flat[at + 1])));
  return { full: false, seq: toNumber(answer[1]), events: parseEvents(answer[2]), members };
}

function parseLeaveAnswer(answer: unknown): { seq: number; events: WebhookEvent[] } | null {
  if (!Array.isArray(answer) || answer[0] !== "ok") return null;
  return { seq: toNumber(answer[1]), events: parseEvents(answer[2]) };
}

/** Webhook events from a script's flat (name, channel, user id) triples. */
function parseEvents(flat: unknown): WebhookEvent[] {
  if (!Array.isArray(flat)) return [];
  const events: WebhookEvent[] = [];
  for (let at = 0; at + 2 < flat.length; at += 3) {
    const name = String(flat[at]);
    const channel = String(flat[at + 1]);
    if (name === "member_added" || name === "member_removed") events.push({ name, channel, user_id: String(flat[at + 2]) });
    else if (name === "channel_occupied" || name === "channel_vacated") events.push({ name, channel });
  }
  return events;
}

function parseInfo(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toNumber(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) ? number : 0;
}

function memberCapError(max: number): SubscriptionError {
  return { type: "LimitReached", error: `The maximum members per presence channel (${max}) was reached`, status: 4100 };
}
