// One server on its own: every event, channel and member is here (the default; no Redis).
import type { AppRuntime } from "../app-runtime";
import type { Connection } from "../connection";
import type { Result, SubscriptionError } from "../errors";
import type { Member } from "../presence";
import { encodeEventWithRawData } from "../protocol/messages";
import { admitLocally, leaveLocally } from "../subscriptions";
import type { ChannelsAdapter, ChannelStats, ClientEventRelay, ServerEvent } from "./adapter";
import { listLocalChannels, readLocalStats, terminateLocalUser } from "./local-state";

/** The single-server adapter: synchronous, in memory. */
export class LocalAdapter implements ChannelsAdapter {
  constructor(private readonly runtime: AppRuntime) {}

  /** Nothing to connect to. */
  async start(): Promise<void> {}

  /** Admits at once (the member cap counts this server's members). */
  admit(connection: Connection, name: string, member: Member | null): Result<void, SubscriptionError> {
    return admitLocally(this.runtime, connection, name, member);
  }

  /** Leaves at once. */
  leave(connection: Connection, name: string): void {
    leaveLocally(this.runtime, connection, name);
  }

  /** Fans out here, in order. */
  async publish(events: readonly ServerEvent[]): Promise<void> {
    const { runtime } = this;
    for (const event of events) {
      const except = event.socketId ? runtime.connections.get(event.socketId) : undefined;
      runtime.publish(event.channel, event.name, event.data, except);
    }
  }

  /** Broadcasts to the channel's other subscribers here. */
  relayClientEvent({ channel, event, rawData, sender, userId }: ClientEventRelay): void {
    this.runtime.channels.broadcast(channel, encodeEventWithRawData(event, channel, rawData, userId), sender);
  }

  /** Counts this server's subscribers. */
  announceCount(name: string): void {
    this.runtime.announceLocalCount(name);
  }

  /** Closes the user's connections here. */
  async terminateUser(userId: string): Promise<void> {
    terminateLocalUser(this.runtime, userId);
  }

  /** Counts here. */
  async channelStats(name: string): Promise<ChannelStats> {
    return readLocalStats(this.runtime, name);
  }

  /** Channels here. */
  async listChannels(prefix: string): Promise<Map<string, ChannelStats>> {
    return listLocalChannels(this.runtime, prefix);
  }

  /** Members here. */
  async channelUserIds(name: string): Promise<string[]> {
    return this.runtime.channels.get(name)?.presence?.ids() ?? [];
  }

  /** Nothing to leave. */
  async close(): Promise<void> {}
}
