// The boundary between one server and a cluster: what a node must ask others, or tell them, to behave as one server.
import type { Connection } from "../connection";
import type { Result, SubscriptionError } from "../errors";
import type { Member } from "../presence";

/** One event triggered through the HTTP API, for one channel. */
export interface ServerEvent {
  channel: string;
  name: string;
  data: string;
  /** The socket that must not receive it (`socket_id` of the trigger), wherever it is connected. */
  socketId?: string;
}

/** A client event accepted from a local connection, to relay to the channel's other subscribers. */
export interface ClientEventRelay {
  channel: string;
  event: string;
  /** The sender's `data` as JSON source text, relayed unchanged. */
  rawData: string;
  sender: Connection;
  /** On presence channels, the sender's member id. */
  userId?: string;
}

/** Counts of one channel as the HTTP API reports them (zero when vacant). */
export interface ChannelStats {
  subscriptionCount: number;
  /** Presence members (0 for other channels). */
  userCount: number;
}

/**
 * Where channel state lives and how events travel. The local adapter is one server on its own; the Redis adapter
 * makes the server one node of a cluster that answers exactly like a single server.
 */
export interface ChannelsAdapter {
  /** Connects (a cluster member registers and syncs); resolves once the node may serve. */
  start(): Promise<void>;
  /**
   * Admits an authorized subscriber (member: the presence member, else null). It answers the connection itself with
   * pusher_internal:subscription_succeeded, or pusher:subscription_error when refused later (a full presence channel
   * across the cluster); an error returned here is sent by the caller.
   */
  admit(connection: Connection, name: string, member: Member | null): Result<void, SubscriptionError>;
  /** A connection leaves a channel it subscribed to, or asked to subscribe to (unsubscribe or close). */
  leave(connection: Connection, name: string): void;
  /** Fans events out to their subscribers on every node, in this order; resolves once every node will get them. */
  publish(events: readonly ServerEvent[]): Promise<void>;
  /** Relays a client event to the channel's subscribers on every node but its sender. */
  relayClientEvent(relay: ClientEventRelay): void;
  /**
   * A channel's subscription count changed (called at most once per interval per channel, when
   * subscription_count is on): pusher_internal:subscription_count to its subscribers, and the webhook, once.
   */
  announceCount(name: string): void;
  /** Closes every connection of a user (4009), on every node. */
  terminateUser(userId: string): Promise<void>;
  /** Subscription and member counts of a channel, cluster-wide. */
  channelStats(name: string): Promise<ChannelStats>;
  /** Occupied channels whose name starts with `prefix`, with their counts, cluster-wide. */
  listChannels(prefix: string): Promise<Map<string, ChannelStats>>;
  /** Member ids of a presence channel, cluster-wide. */
  channelUserIds(name: string): Promise<string[]>;
  /** After the node's sockets closed: finishes what is in flight, then leaves the cluster. */
  close(): Promise<void>;
}
