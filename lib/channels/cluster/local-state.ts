// What this server alone knows: its channels' counts and members, and its own connections of a user.
import type { AppRuntime } from "../app-runtime";
import { Codes, protocolError } from "../errors";
import type { ChannelStats } from "./adapter";

/** Counts of a channel on this server. */
export function readLocalStats(runtime: AppRuntime, name: string): ChannelStats {
  const channel = runtime.channels.get(name);
  return { subscriptionCount: channel?.subscribers.size ?? 0, userCount: channel?.presence?.count ?? 0 };
}

/** Occupied channels of this server by prefix, with their counts. */
export function listLocalChannels(runtime: AppRuntime, prefix: string): Map<string, ChannelStats> {
  const out = new Map<string, ChannelStats>();
  for (const channel of runtime.channels.list(prefix)) {
    out.set(channel.name, { subscriptionCount: channel.subscribers.size, userCount: channel.presence?.count ?? 0 });
  }
  return out;
}

/** Closes this server's connections of a user with 4009 (pusher-js does not reconnect). */
export function terminateLocalUser(runtime: AppRuntime, userId: string): void {
  const error = protocolError(Codes.unauthorized, "Connection terminated by the app", true);
  for (const connection of [...runtime.users.connectionsOf(userId)]) connection.fail(error);
}
