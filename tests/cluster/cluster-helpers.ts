// Cluster test helpers: nodes sharing one real redis-server, collecting what pusher-js clients receive.
import { randomUUID } from "node:crypto";
import type { Channel } from "pusher-js";
import type PusherJs from "pusher-js";
import type { ChannelsConfig, RunningChannelsServer } from "@/lib/channels/index";
import { defaultClusterConfig, type ClusterConfig } from "@/lib/channels/cluster/cluster-config";
import { APP, startServer } from "../channels/helpers";
import type { RedisProcess } from "./redis-process";

/** A cluster configuration for one test: its own key prefix, so tests never see each other's state. */
export function buildClusterConfig(redis: RedisProcess, overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return { ...defaultClusterConfig, redisUrl: redis.url, prefix: `test-${randomUUID().slice(0, 8)}`, reconnectMaxDelayMs: 200, ...overrides };
}

/** Starts `count` in-process nodes of one cluster on free ports (closed by the channels helpers' cleanup()). */
export async function startNodes(count: number, cluster: ClusterConfig, overrides: Partial<ChannelsConfig> = {}): Promise<RunningChannelsServer[]> {
  const nodes: RunningChannelsServer[] = [];
  for (let index = 0; index < count; index += 1) nodes.push(await startServer({ apps: [{ ...APP }], cluster, ...overrides }));
  return nodes;
}

/** Every `data` of an event on a channel, in arrival order. */
export function collect<T = unknown>(channel: Channel, event: string): T[] {
  const received: T[] = [];
  channel.bind(event, (data: T) => received.push(data));
  return received;
}

/** Resolves once `check` is true (looked at every 10 ms); the test's timeout bounds the wait. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The member ids of pusher:member_added / pusher:member_removed on a presence channel, in arrival order. */
export function recordMemberEvents(channel: Channel): { added: string[]; removed: string[] } {
  const events = { added: [] as string[], removed: [] as string[] };
  channel.bind("pusher:member_added", (member: { id: string }) => events.added.push(member.id));
  channel.bind("pusher:member_removed", (member: { id: string }) => events.removed.push(member.id));
  return events;
}

/** The socket id of a connected pusher-js client. */
export function readSocketId(pusher: PusherJs): string {
  const id = pusher.connection.socket_id;
  if (!id) throw new Error("not connected yet");
  return id;
}
