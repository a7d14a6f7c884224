// pusher:subscribe / pusher:unsubscribe: authorization, presence, cache replay, counts, webhooks.
import type { AppRuntime } from "./app-runtime";
import { channelKind, channelNameProblem, type ChannelKind } from "./channel-names";
import type { ChannelState } from "./channel-registry";
import type { Connection } from "./connection";
import { err, ok, type Result, type SubscriptionError } from "./errors";
import type { Member } from "./presence";
import { encodeEvent, encodeInternal, presenceChannelDataSchema, type SubscribeData } from "./protocol/messages";
import { channelSignedString, verifySocketAuth } from "./signatures";

const authError = (error: string): SubscriptionError => ({ type: "AuthError", error, status: 401 });

/** Subscribes a connection, or says why not (the socket stays usable either way). */
export function subscribe(runtime: AppRuntime, connection: Connection, data: SubscribeData): Result<void, SubscriptionError> {
  const name = data.channel;
  const problem = channelNameProblem(name);
  if (problem) return err({ type: "InvalidChannel", error: problem, status: 400 });
  const existing = runtime.channels.get(name);
  if (connection.subscriptions.has(name)) {
    // Subscribed already: answer again (a cluster join still waiting for its answer answers by itself).
    if (existing?.subscribers.has(connection)) sendSucceeded(connection, existing);
    return ok(undefined);
  }
  const { maxSubscriptionsPerConnection } = runtime.settings;
  if (connection.subscriptions.size >= maxSubscriptionsPerConnection) {
    return err({
      type: "LimitReached",
      error: `The maximum subscriptions per connection (${maxSubscriptionsPerConnection}) was reached: unsubscribe from a channel first`,
      status: 4100,
    });
  }
  // Authorize before the channel exists: a refused subscribe leaves nothing behind.
  const member = authorize(runtime, connection, existing?.kind ?? channelKind(name), data);
  if (!member.ok) return member;
  return runtime.adapter.admit(connection, name, member.value);
}

/**
 * Admits an authorized subscriber on this server alone (the local adapter, and a cluster node cut off from Redis):
 * the member cap, occupancy, member_added, subscription_succeeded, the count and the cache replay.
 */
export function admitLocally(runtime: AppRuntime, connection: Connection, name: string, member: Member | null): Result<void, SubscriptionError> {
  const existing = runtime.channels.get(name);
  const members = existing?.presence;
  const { maxPresenceMembers } = runtime.settings;
  if (member && !members?.has(member.userId) && (members?.count ?? 0) >= maxPresenceMembers) {
    return err({
      type: "LimitReached",
      error: `The maximum members per presence channel (${maxPresenceMembers}) was reached`,
      status: 4100,
    });
  }

  const channel = existing ?? runtime.channels.ensure(name);
  const presence = channel.presence;
  if (runtime.channels.add(channel, connection)) runtime.occupancy.occupied(name);
  if (presence && member) {
    const { added } = presence.join(connection, member);
    sendSucceeded(connection, channel);
    if (added) {
      const { userId, userInfo } = member;
      runtime.channels.broadcast(name, encodeInternal("pusher_internal:member_added", name, { user_id: userId, user_info: userInfo ?? null }), connection);
      runtime.webhooks.emit({ name: "member_added", channel: name, user_id: userId });
    }
  } else {
    sendSucceeded(connection, channel);
  }
  announceCount(runtime, channel);
  if (channel.kind.cache) replayCache(runtime, connection, name);
  return ok(undefined);
}

/** Unsubscribes a connection (no-op when it is not subscribed). */
export function unsubscribe(runtime: AppRuntime, connection: Connection, name: string): void {
  runtime.adapter.leave(connection, name);
}

/** Unsubscribes a connection on this server alone: member_removed, vacated, the count (no-op when not subscribed). */
export function leaveLocally(runtime: AppRuntime, connection: Connection, name: string): void {
  const channel = runtime.channels.get(name);
  if (!channel || !connection.subscriptions.has(name)) return;
  const leftUser = channel.presence ? channel.presence.leave(connection) : null;
  const vacated = runtime.channels.remove(channel, connection);
  if (leftUser !== null) {
    if (!vacated) runtime.channels.broadcast(name, encodeInternal("pusher_internal:member_removed", name, { user_id: leftUser }));
    runtime.webhooks.emit({ name: "member_removed", channel: name, user_id: leftUser });
  }
  if (vacated) runtime.occupancy.vacated(name);
  else announceCount(runtime, channel);
}

function authorize(
  runtime: AppRuntime,
  connection: Connection,
  kind: ChannelKind,
  data: SubscribeData,
): Result<Member | null, SubscriptionError> {
  const { socketId } = connection;
  const { app } = runtime;
  if (kind.userId !== null) {
    if (connection.user?.id === kind.userId) return ok(null);
    return err(authError(`Sign in as user '${kind.userId}' to subscribe to ${data.channel}`));
  }
  if (!kind.authenticated) return ok(null);
  // Presence with channel_data signs socket_id:channel:channel_data; private channels, and presence without
  // channel_data (the member is then the signed-in user: hosted Pusher, pusher-js 8 since pusher-js#625), sign socket_id:channel.
  const channelData = kind.presence ? data.channel_data : undefined;
  const user = connection.user;
  if (kind.presence && channelData === undefined && !user) {
    return err({ type: "InvalidChannelData", error: "Presence subscriptions need channel_data, or pusher:signin first (the member is then the signed-in user)", status: 400 });
  }
  if (!verifySocketAuth(app, data.auth, channelSignedString(socketId, data.channel, channelData))) {
    const signed = channelData === undefined ? `${socketId}:${data.channel}` : `${socketId}:${data.channel}:<channel_data>`;
    return err(authError(`Invalid signature: expected HMAC-SHA256 of '${signed}' signed with the app secret`));
  }
  if (!kind.presence) return ok(null);
  if (channelData === undefined) return ok(user && { userId: user.id, userInfo: user.userInfo });
  return parseMember(channelData, runtime.settings.maxPresenceUserIdLength);
}

function parseMember(channelData: string, maxIdLength: number): Result<Member, SubscriptionError> {
  let json: unknown;
  try {
    json = JSON.parse(channelData);
  } catch {
    return err({ type: "InvalidChannelData", error: "channel_data is not JSON", status: 400 });
  }
  const parsed = presenceChannelDataSchema.safeParse(json);
  if (!parsed.success) return err({ type: "InvalidChannelData", error: "channel_data needs a user_id (string or number)", status: 400 });
  if (parsed.data.user_id.length > maxIdLength) {
    return err({ type: "InvalidChannelData", error: `user_id longer than ${maxIdLength} characters`, status: 400 });
  }
  return ok({ userId: parsed.data.user_id, userInfo: parsed.data.user_info });
}

/** Answers pusher_internal:subscription_succeeded (presence: the channel's members). */
export function sendSucceeded(connection: Connection, channel: ChannelState): void {
  const payload = channel.presence ? channel.presence.snapshot() : {};
  connection.send(encodeInternal("pusher_internal:subscription_succeeded", channel.name, payload));
}

/** Notes a changed subscription count for pusher_internal:subscription_count (when enabled). */
export function announceCount(runtime: AppRuntime, channel: ChannelState): void {
  if (runtime.settings.subscriptionCount && !channel.presence) runtime.counts.changed(channel.name);
}

/** Sends a cache channel's last event to a new subscriber, or pusher:cache_miss (and its webhook). */
export function replayCache(runtime: AppRuntime, connection: Connection, name: string): void {
  const cached = runtime.cache.get(name, runtime.settings.clock());
  if (cached) {
    connection.sendPrepared(cached.frame);
    return;
  }
  connection.send(encodeEvent("pusher:cache_miss", name));
  runtime.webhooks.emit({ name: "cache_miss", channel: name });
}
