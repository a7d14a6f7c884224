// Channels of one app and their subscribers; fan-out sends one pre-encoded frame to all of them.
import { channelKind, type ChannelKind } from "./channel-names";
import type { Connection } from "./connection";
import { prepareFrame, type PreparedFrame } from "./frames";
import { PresenceMembers } from "./presence";

/** An occupied channel. */
export interface ChannelState {
  name: string;
  kind: ChannelKind;
  subscribers: Set<Connection>;
  presence: PresenceMembers | null;
  /** The subscription_count last announced (-1: none yet), to skip announcing an unchanged count. */
  announcedCount: number;
}

/** All occupied channels of one app (a channel exists while it has subscribers). */
export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();

  /** The channel if occupied. */
  get(name: string): ChannelState | undefined {
    return this.channels.get(name);
  }

  /** The channel, created empty if needed (call `add` right after). */
  ensure(name: string): ChannelState {
    let channel = this.channels.get(name);
    if (!channel) {
      const kind = channelKind(name);
      channel = { name, kind, subscribers: new Set(), presence: kind.presence ? new PresenceMembers() : null, announcedCount: -1 };
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** Adds a subscriber; true when the channel just became occupied. */
  add(channel: ChannelState, connection: Connection): boolean {
    const wasEmpty = channel.subscribers.size === 0;
    channel.subscribers.add(connection);
    connection.subscriptions.add(channel.name);
    return wasEmpty;
  }

  /** Removes a subscriber; true when the channel just became vacant (and is forgotten). */
  remove(channel: ChannelState, connection: Connection): boolean {
    channel.subscribers.delete(connection);
    connection.subscriptions.delete(channel.name);
    if (channel.subscribers.size > 0) return false;
    this.channels.delete(channel.name);
    return true;
  }

  /** Sends one message, encoded and framed once, to every subscriber but `except`; returns how many got it. */
  broadcast(name: string, message: string | PreparedFrame, except?: Connection): number {
    const channel = this.channels.get(name);
    if (!channel) return 0;
    const prepared = typeof message === "string" ? prepareFrame(message) : message;
    let sent = 0;
    for (const connection of channel.subscribers) {
      if (connection === except) continue;
      connection.sendPrepared(prepared);
      sent += 1;
    }
    return sent;
  }

  /** Occupied channels, optionally by name prefix. */
  *list(prefix = ""): Iterable<ChannelState> {
    for (const channel of this.channels.values()) {
      if (channel.name.startsWith(prefix)) yield channel;
    }
  }
}
