// Our Pusher-compatible Channels server: public entry points.
import { loadChannelsConfig, resolveChannelsConfig, type AppConfig, type ChannelsConfig } from "./config";
import { createChannelsServer, type RunningChannelsServer } from "./server";

export { loadChannelsConfig };
export type { AppConfig, ChannelsConfig, RunningChannelsServer };

/** Starts a server; missing fields come from defaults, and apps from env when none are given. `port: 0` picks a free port. */
export function startChannelsServer(config?: Partial<ChannelsConfig>): Promise<RunningChannelsServer> {
  return createChannelsServer(resolveChannelsConfig(config));
}
