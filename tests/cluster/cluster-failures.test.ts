// A Channels cluster when things die: a node killed with SIGKILL (a real `npm run channels` process) is taken out
// within the stated bound, and a redis-server killed and restarted mid-stream leaves every node serving its own
// clients, then fan-out, members and channel lists recover.
import { afterEach, describe, expect, it } from "vitest";
import type { PresenceChannel } from "pusher-js";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, client, sdk, subscribed } from "../channels/helpers";
import { Receiver } from "../channels/webhook-receiver";
import { startChannelsProcess, type ChannelsProcess } from "../support/channels-process";
import { buildClusterConfig, collect, recordMemberEvents, startNodes, until } from "./cluster-helpers";
import { startRedis, type RedisProcess } from "./redis-process";

const stoppers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await cleanup();
  while (stoppers.length > 0) await stoppers.pop()?.();
});

async function redisForTest(): Promise<RedisProcess> {
  const redis = await startRedis();
  stoppers.push(() => redis.stop());
  return redis;
}

/** `npm run channels` as its own process, a member of the cluster; resolves once it listens. */
async function startNodeProcess(env: Record<string, string>): Promise<ChannelsProcess & { port: number }> {
  const node = await startChannelsProcess({ PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, ...env });
  stoppers.push(() => node.kill());
  return node;
}

const asServer = (port: number): RunningChannelsServer => ({ host: "127.0.0.1", port, url: `ws://127.0.0.1:${port}`, close: async () => {}, reloadTls: () => {} });

async function userIds(node: RunningChannelsServer, channel: string): Promise<string[]> {
  const body = (await (await sdk(node).get({ path: `/channels/${channel}/users` })).json()) as { users: { id: string }[] };
  return body.users.map((user) => user.id).sort();
}

describe("a Channels cluster when a node or Redis dies", () => {
  it("takes a node killed with SIGKILL out within 1.25 x its TTL: its members leave, its channels vacate (webhooks once)", async () => {
    const redis = await redisForTest();
    const receiver = new Receiver();
    stoppers.push(() => receiver.stop());
    const webhookUrl = await receiver.start();
    const nodeTtlMs = 2500;
    const cluster = buildClusterConfig(redis, { nodeTtlMs });
    const [survivor] = await startNodes(1, cluster, { apps: [{ ...APP, webhookUrl }], webhookBatchMs: 5, webhookVacatedDelayMs: 50 });
    const victim = await startNodeProcess({
      CHANNELS_REDIS_URL: redis.url,
      CHANNELS_REDIS_PREFIX: cluster.prefix,
      CHANNELS_CLUSTER_NODE_TTL_MS: String(nodeTtlMs),
      CHANNELS_WEBHOOK_URL: webhookUrl,
      CHANNELS_WEBHOOK_VACATED_DELAY_MS: "50",
    });
    const watcher = await subscribed(client(survivor!, { presence: { user_id: "w" } }), "presence-k");
    const seen = recordMemberEvents(watcher.channel);
    const doomed = client(asServer(victim.port), { presence: { user_id: "v" } });
    await subscribed(doomed, "presence-k");
    await subscribed(doomed, "only-on-victim");
    await until(() => seen.added.includes("v"));
    expect(await userIds(survivor!, "presence-k")).toEqual(["v", "w"]);

    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await until(() => seen.removed.includes("v"));
    const noticedMs = Date.now() - killedAt;
    console.log(`node killed with SIGKILL: member_removed after ${noticedMs} ms (TTL ${nodeTtlMs} ms, bound ${nodeTtlMs * 1.25} ms)`);
    expect((watcher.channel as PresenceChannel).members.count).toBe(1);
    expect(await userIds(survivor!, "presence-k")).toEqual(["w"]);
    await receiver.delivery((e) => e.name === "channel_vacated" && e.channel === "only-on-victim");
    await receiver.delivery((e) => e.name === "member_removed" && e.user_id === "v");
    const channels = (await (await sdk(survivor!).get({ path: "/channels" })).json()) as { channels: Record<string, unknown> };
    expect(Object.keys(channels.channels)).toEqual(["presence-k"]);
    // Every webhook the survivor sent so far has arrived once a later one has (one delivery at a time, in order).
    await subscribed(client(survivor!), "flush");
    await receiver.delivery((e) => e.name === "channel_occupied" && e.channel === "flush");
    expect(receiver.events().filter((e) => e.name === "member_removed" && e.user_id === "v")).toHaveLength(1);
    expect(receiver.events().filter((e) => e.name === "channel_vacated" && e.channel === "only-on-victim")).toHaveLength(1);
  });

  it("keeps serving each node's own clients while Redis is down, then recovers fan-out, members and channels when it restarts", async () => {
    const redis = await redisForTest();
    // A retries Redis more slowly than B, so B re-joins first and sees only its own share for a moment: it must not
    // take A's members out meanwhile.
    const cluster = buildClusterConfig(redis);
    const [a] = await startNodes(1, { ...cluster, reconnectMaxDelayMs: 1500 }, { log: () => {} });
    const [b] = await startNodes(1, cluster, { log: () => {} });
    const onA = client(a!, { presence: { user_id: "pa" } });
    const onB = client(b!, { presence: { user_id: "pb" } });
    const [streamA, streamB] = await Promise.all([subscribed(onA, "stream"), subscribed(onB, "stream")]);
    const memberB = await subscribed(onB, "presence-r");
    const seenByB = recordMemberEvents(memberB.channel);
    // Changes numbered before the restart (each event is one): numbers after it must still count as newer.
    const warm = Array.from({ length: 10 }, (_, i) => ({ channel: "stream", name: "warm", data: { i } }));
    for (let round = 0; round < 3; round += 1) await sdk(a!).triggerBatch(warm);
    await subscribed(onA, "presence-r");
    await until(() => seenByB.added.includes("pa"));
    const gotA = collect<{ n: number }>(streamA.channel, "tick");
    const gotB = collect<{ n: number }>(streamB.channel, "tick");
    await sdk(a!).trigger("stream", "tick", { n: 1 });
    await until(() => gotA.length === 1 && gotB.length === 1);

    await redis.kill();
    // Node A answers the trigger and its own subscriber still gets the event; a member joins A meanwhile.
    await sdk(a!).trigger("stream", "tick", { n: 2 });
    await until(() => gotA.some((d) => d.n === 2));
    const late = await subscribed(client(a!, { presence: { user_id: "late" } }), "presence-r");
    expect((late.channel as PresenceChannel).members.count).toBe(3);

    // Both nodes are in their retry backoff by now (A's grows to 1.5 s, B's stays at 0.2 s).
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await redis.restart();
    // Fan-out recovers: probe from A until B's subscriber hears one.
    for (let n = 100; !gotB.some((d) => d.n >= 100); n += 1) {
      await sdk(a!).trigger("stream", "tick", { n });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The cluster state Redis lost is back: both nodes re-sent their share.
    await until(async () => (await userIds(b!, "presence-r")).length === 3);
    expect(await userIds(b!, "presence-r")).toEqual(["late", "pa", "pb"]);
    expect(await userIds(a!, "presence-r")).toEqual(["late", "pa", "pb"]);
    // B's member heard of the one who joined A while Redis was down.
    await until(() => seenByB.added.includes("late"));
    const info = (await (await sdk(b!).get({ path: "/channels/stream", params: { info: "subscription_count" } })).json()) as Record<string, unknown>;
    expect(info).toEqual({ occupied: true, subscription_count: 2 });
    expect(seenByB.added).toEqual(["pa", "late"]);
    expect(seenByB.removed).toEqual([]);
    // Changes after the restart still reach the other node's members (change numbers never go back).
    onA.unsubscribe("presence-r");
    await until(() => seenByB.removed.includes("pa"));
    expect(await userIds(b!, "presence-r")).toEqual(["late", "pb"]);

    // Once again every event reaches both nodes once, in order, from either node.
    for (let n = 1000; n < 1010; n += 1) await sdk(n % 2 === 0 ? a! : b!).trigger("stream", "tick", { n });
    const last = (list: { n: number }[]) => list.some((d) => d.n === 1009);
    await until(() => last(gotA) && last(gotB));
    const expected = Array.from({ length: 10 }, (_, i) => 1000 + i);
    expect(gotA.filter((d) => d.n >= 1000).map((d) => d.n)).toEqual(expected);
    expect(gotB.filter((d) => d.n >= 1000).map((d) => d.n)).toEqual(expected);
  });

  it("starts a node while Redis is down: it serves its own clients after startTimeoutMs, then joins the cluster once Redis is up", async () => {
    const redis = await redisForTest();
    await redis.kill();
    const cluster = buildClusterConfig(redis, { startTimeoutMs: 300 });
    const [alone] = await startNodes(1, cluster);
    const early = client(alone!);
    const { channel: earlyStream } = await subscribed(early, "stream");
    const gotEarly = collect<{ n: number }>(earlyStream, "tick");
    await sdk(alone!).trigger("stream", "tick", { n: 1 });
    await until(() => gotEarly.some((d) => d.n === 1));

    await redis.restart();
    const [joined] = await startNodes(1, cluster);
    const { channel: laterStream } = await subscribed(client(joined!), "stream");
    const gotLater = collect<{ n: number }>(laterStream, "tick");
    // The first node re-sends its share when it reaches Redis: then the other node counts its subscriber and events cross.
    await until(async () => {
      const info = (await (await sdk(joined!).get({ path: "/channels/stream", params: { info: "subscription_count" } })).json()) as Record<string, unknown>;
      return info.subscription_count === 2;
    });
    for (let n = 10; n < 15; n += 1) await sdk(n % 2 === 0 ? joined! : alone!).trigger("stream", "tick", { n });
    await until(() => gotEarly.some((d) => d.n === 14) && gotLater.some((d) => d.n === 14));
    const expected = [10, 11, 12, 13, 14];
    expect(gotEarly.filter((d) => d.n >= 10).map((d) => d.n)).toEqual(expected);
    expect(gotLater.map((d) => d.n)).toEqual(expected);
  });
});
