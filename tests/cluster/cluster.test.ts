// A Channels cluster over a real redis-server behaves like one server: nodes in this process on free ports, driven
// by the real pusher SDK (HTTP API of any node) and pusher-js clients spread over the nodes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type Pusher from "pusher";
import type { PresenceChannel } from "pusher-js";
import type PusherJs from "pusher-js";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, client, disconnect, sdk, signedIn, subscribed, waitForState } from "../channels/helpers";
import { Receiver, type WebhookEvent } from "../channels/webhook-receiver";
import { buildClusterConfig, collect, recordMemberEvents, readSocketId, startNodes, until } from "./cluster-helpers";
import { startRedis, type RedisProcess } from "./redis-process";

let redis: RedisProcess;
const receivers: Receiver[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await cleanup();
  while (receivers.length > 0) await receivers.pop()?.stop();
});

/** A webhook receiver every node of the test posts to, and the app config that says so. */
async function webhookApp() {
  const receiver = new Receiver();
  receivers.push(receiver);
  const webhookUrl = await receiver.start();
  return { receiver, apps: [{ ...APP, webhookUrl, clientEvents: true }] };
}

/** GET on the HTTP API of a node, as JSON. */
async function getJson(node: RunningChannelsServer, path: string, params?: Record<string, string>): Promise<Record<string, unknown>> {
  return (await (await sdk(node).get({ path, params })).json()) as Record<string, unknown>;
}

/**
 * Waits until every node's webhooks sent so far have arrived: each node subscribes a fresh channel (its own join
 * makes it occupied, so that node sends the channel_occupied), and a node's webhooks leave in order.
 */
async function flushWebhooks(receiver: Receiver, nodes: RunningChannelsServer[], tag: string): Promise<void> {
  await Promise.all(
    nodes.map(async (node, index) => {
      const pusher = client(node);
      await subscribed(pusher, `flush-${tag}-${index}`);
      await receiver.delivery((e) => e.name === "channel_occupied" && e.channel === `flush-${tag}-${index}`);
    }),
  );
}

const named = (events: WebhookEvent[], name: string, channel: string) => events.filter((e) => e.name === name && e.channel === channel);

/** Sends one event on a channel from a node and waits until `channel` (a pusher-js channel) receives it. */
async function sentinel(trigger: Pusher, channel: ReturnType<PusherJs["subscribe"]>, name: string): Promise<void> {
  const got = collect(channel, name);
  await trigger.trigger(channel.name, name, {});
  await until(() => got.length === 1);
}

describe("a Channels cluster over Redis", () => {
  it("delivers an event triggered on any node to the subscribers of every node, once, in trigger order", async () => {
    const nodes = await startNodes(3, buildClusterConfig(redis));
    const subscribers = await Promise.all(nodes.map(async (node) => (await subscribed(client(node), "orders")).channel));
    const received = subscribers.map((channel) => collect<{ i: number }>(channel, "n"));
    for (let i = 0; i < 30; i += 1) await sdk(nodes[i % 3]!).trigger("orders", "n", { i });
    const done = subscribers.map((channel) => collect(channel, "done"));
    await sdk(nodes[0]!).trigger("orders", "done", {});
    await until(() => done.every((list) => list.length === 1));
    const expected = Array.from({ length: 30 }, (_, i) => i);
    for (const list of received) expect(list.map((data) => data.i)).toEqual(expected);
  });

  it("excludes the socket_id's socket on another node, and carries batches and end-to-end encrypted channels", async () => {
    const [a, b] = await startNodes(2, buildClusterConfig(redis));
    const onA = client(a!);
    const onB = client(b!);
    const [roomA, roomB] = await Promise.all([subscribed(onA, "room"), subscribed(onB, "room")]);
    const [secretA, secretB] = await Promise.all([subscribed(onA, "private-encrypted-room"), subscribed(onB, "private-encrypted-room")]);
    const gotA = collect<{ n: number }>(roomA.channel, "x");
    const gotB = collect<{ n: number }>(roomB.channel, "x");
    await sdk(a!).trigger("room", "x", { n: 1 }, { socket_id: readSocketId(onB) });
    await sdk(b!).trigger("room", "x", { n: 2 }, { socket_id: readSocketId(onA) });
    await sdk(a!).trigger("room", "x", { n: 3 });
    await until(() => gotA.length === 2 && gotB.length === 2);
    expect(gotA.map((d) => d.n)).toEqual([1, 3]);
    expect(gotB.map((d) => d.n)).toEqual([2, 3]);

    const batchA = collect<{ k: number }>(roomA.channel, "b");
    const batchB = collect<{ k: number }>(roomB.channel, "b");
    const plainA = collect<{ k: number }>(secretA.channel, "b");
    const plainB = collect<{ k: number }>(secretB.channel, "b");
    await sdk(b!).triggerBatch([
      { channel: "room", name: "b", data: { k: 1 } },
      { channel: "private-encrypted-room", name: "b", data: { k: 2 } },
      { channel: "room", name: "b", data: { k: 3 } },
    ]);
    await until(() => batchA.length === 2 && batchB.length === 2 && plainA.length === 1 && plainB.length === 1);
    expect([batchA, batchB].map((list) => list.map((d) => d.k))).toEqual([
      [1, 3],
      [1, 3],
    ]);
    expect([plainA[0], plainB[0]]).toEqual([{ k: 2 }, { k: 2 }]);
  });

  it("keeps one presence member per user across nodes: leaving one node is not leaving; member webhooks once", async () => {
    const { receiver, apps } = await webhookApp();
    const nodes = await startNodes(3, buildClusterConfig(redis), { apps, webhookBatchMs: 5, webhookVacatedDelayMs: 50 });
    const [a, b, c] = nodes as [RunningChannelsServer, RunningChannelsServer, RunningChannelsServer];
    const watcher = await subscribed(client(a, { presence: { user_id: "w", user_info: { name: "Watcher" } } }), "presence-room");
    const seen = recordMemberEvents(watcher.channel);
    const uOnA = client(a, { presence: { user_id: "u", user_info: { name: "Ada" } } });
    const uOnB = client(b, { presence: { user_id: "u", user_info: { name: "Ada" } } });
    await subscribed(uOnA, "presence-room");
    const second = await subscribed(uOnB, "presence-room");
    const members = (second.channel as PresenceChannel).members;
    expect(members.count).toBe(2);
    expect(members.get("w")).toEqual({ id: "w", info: { name: "Watcher" } });
    for (const node of nodes) {
      const users = (await getJson(node, "/channels/presence-room/users")).users as { id: string }[];
      expect(users.map((u) => u.id).sort()).toEqual(["u", "w"]);
      expect(await getJson(node, "/channels/presence-room", { info: "user_count,subscription_count" })).toEqual({
        occupied: true,
        user_count: 2,
        subscription_count: 3,
      });
    }

    // Leaving one node is not leaving: an event sent after the cluster counted the unsubscribe reaches the watcher
    // with no member_removed before it (every node sees the cluster's changes in one order).
    uOnA.unsubscribe("presence-room");
    await until(async () => (await getJson(c, "/channels/presence-room", { info: "subscription_count" })).subscription_count === 2);
    await sentinel(sdk(c), watcher.channel, "after-one-left");
    expect(seen).toEqual({ added: ["u"], removed: [] });

    await disconnect(uOnB);
    await until(() => seen.removed.length === 1);
    await sentinel(sdk(b), watcher.channel, "after-both-left");
    expect(seen).toEqual({ added: ["u"], removed: ["u"] });
    expect(((await getJson(b, "/channels/presence-room/users")).users as { id: string }[]).map((u) => u.id)).toEqual(["w"]);

    await flushWebhooks(receiver, nodes, "presence");
    const events = receiver.events();
    expect(named(events, "member_added", "presence-room").map((e) => e.user_id).sort()).toEqual(["u", "w"]);
    expect(named(events, "member_removed", "presence-room").map((e) => e.user_id)).toEqual(["u"]);
    expect(named(events, "channel_occupied", "presence-room")).toHaveLength(1);
    expect(named(events, "channel_vacated", "presence-room")).toHaveLength(0);
  });

  it("counts the presence member cap across the cluster", async () => {
    const [a, b, c] = await startNodes(3, buildClusterConfig(redis), { maxPresenceMembers: 2 });
    const first = client(a!, { presence: { user_id: "1" } });
    await subscribed(first, "presence-small");
    await subscribed(client(b!, { presence: { user_id: "2" } }), "presence-small");
    // The same user again on another node is no new member.
    await subscribed(client(c!, { presence: { user_id: "1" } }), "presence-small");
    const refused = await subscribed(client(c!, { presence: { user_id: "3" } }), "presence-small").catch((error: { data: unknown }) => error.data);
    expect(refused).toMatchObject({ type: "LimitReached", status: 4100 });
  });

  it("answers GET /channels, channel info and users for the whole cluster from any node", async () => {
    const nodes = await startNodes(3, buildClusterConfig(redis));
    const [a, b, c] = nodes as [RunningChannelsServer, RunningChannelsServer, RunningChannelsServer];
    await subscribed(client(a), "alpha");
    await subscribed(client(b), "alpha");
    await subscribed(client(b), "beta");
    await subscribed(client(c, { presence: { user_id: "p1" } }), "presence-gamma");
    await subscribed(client(a, { presence: { user_id: "p2" } }), "presence-gamma");
    for (const node of nodes) {
      expect(await getJson(node, "/channels")).toEqual({ channels: { alpha: {}, beta: {}, "presence-gamma": {} } });
      expect(await getJson(node, "/channels", { filter_by_prefix: "presence-", info: "user_count" })).toEqual({
        channels: { "presence-gamma": { user_count: 2 } },
      });
      expect(await getJson(node, "/channels/alpha", { info: "subscription_count" })).toEqual({ occupied: true, subscription_count: 2 });
      expect(await getJson(node, "/channels/nobody-here", { info: "subscription_count" })).toEqual({ occupied: false, subscription_count: 0 });
    }
    const response = await sdk(a).trigger(["alpha", "beta"], "e", {}, { info: "subscription_count" });
    expect(await response.json()).toEqual({ channels: { alpha: { subscription_count: 2 }, beta: { subscription_count: 1 } } });
  });

  it("terminates a user's connections on every node and sends to a user on another node", async () => {
    const [a, b, c] = await startNodes(3, buildClusterConfig(redis));
    const onA = client(a!, { user: { id: "t" } });
    const onB = client(b!, { user: { id: "t" } });
    const bystander = client(c!, { user: { id: "other" } });
    await Promise.all([signedIn(onA, "t"), signedIn(onB, "t"), signedIn(bystander, "other")]);

    const got = new Promise<unknown>((resolve) => onB.user.bind("notice", (data: unknown) => resolve(data)));
    await sdk(c!).sendToUser("t", "notice", { text: "hello" });
    expect(await got).toEqual({ text: "hello" });

    const closed = [waitForState(onA, "disconnected"), waitForState(onB, "disconnected")];
    await sdk(c!).terminateUserConnections("t");
    await Promise.all(closed);
    expect(bystander.connection.state).toBe("connected");
  });

  it("serves a cache channel's last event from every node, including one started after it was sent", async () => {
    const cluster = buildClusterConfig(redis);
    const [a, b] = await startNodes(2, cluster);
    await sdk(a!).trigger("cache-ticker", "price", { p: 1 });
    await sdk(a!).trigger("cache-ticker", "price", { p: 2 });
    const late = await startNodes(1, cluster);
    for (const node of [b!, late[0]!]) {
      const channel = client(node).subscribe("cache-ticker");
      const first = await new Promise<unknown>((resolve) => channel.bind("price", resolve));
      expect(first).toEqual({ p: 2 });
    }
    expect((await getJson(late[0]!, "/channels/cache-ticker", { info: "cache" })).cache).toMatchObject({ event: "price", data: '{"p":2}' });
  });

  it("relays client events to the channel's subscribers on other nodes, with one client_event webhook", async () => {
    const { receiver, apps } = await webhookApp();
    const [a, b] = await startNodes(2, buildClusterConfig(redis), { apps, webhookBatchMs: 5 });
    const sender = await subscribed(client(a!, { presence: { user_id: "s" } }), "presence-chat");
    const listener = await subscribed(client(b!, { presence: { user_id: "l" } }), "presence-chat");
    const heard = new Promise<{ data: unknown; metadata: unknown }>((resolve) =>
      listener.channel.bind("client-hi", (data: unknown, metadata: unknown) => resolve({ data, metadata })),
    );
    sender.channel.trigger("client-hi", { text: "hi" });
    expect(await heard).toEqual({ data: { text: "hi" }, metadata: { user_id: "s" } });
    await flushWebhooks(receiver, [a!, b!], "client");
    expect(named(receiver.events(), "client_event", "presence-chat")).toHaveLength(1);
  });

  it("announces subscription_count for the whole cluster, with one webhook per count", async () => {
    const { receiver, apps } = await webhookApp();
    const nodes = await startNodes(2, buildClusterConfig(redis), { apps, webhookBatchMs: 5, subscriptionCount: true, subscriptionCountIntervalMs: 50 });
    const [a, b] = nodes as [RunningChannelsServer, RunningChannelsServer];
    const counts: number[] = [];
    const first = client(a).subscribe("counted");
    first.bind("pusher:subscription_count", (data: { subscription_count: number }) => counts.push(data.subscription_count));
    await until(() => counts.includes(1));
    const onB = client(b);
    await subscribed(onB, "counted");
    await until(() => counts.includes(2));
    onB.unsubscribe("counted");
    await until(() => counts.at(-1) === 1 && counts.includes(2));
    await receiver.delivery((e) => e.name === "subscription_count" && e.channel === "counted" && e.subscription_count === 2);
    await flushWebhooks(receiver, nodes, "counts");
    const announced = named(receiver.events(), "subscription_count", "counted").map((e) => e.subscription_count);
    expect(announced).toEqual([1, 2, 1]);
  });

  it("tells watchers when a user comes online on any node and goes offline from the last one, once", async () => {
    const nodes = await startNodes(2, buildClusterConfig(redis));
    const [a, b] = nodes as [RunningChannelsServer, RunningChannelsServer];
    const watcher = client(a, { user: { id: "w", watchlist: ["v"] } });
    const seen: string[] = [];
    for (const name of ["online", "offline"] as const) {
      watcher.user.watchlist.bind(name, (event: { user_ids: string[] }) => seen.push(`${name} ${event.user_ids.join(",")}`));
    }
    await signedIn(watcher, "w");
    const vOnB = client(b, { user: { id: "v" } });
    await signedIn(vOnB, "v");
    await until(() => seen.length === 1);
    const vOnA = client(a, { user: { id: "v" } });
    await signedIn(vOnA, "v");
    await subscribed(vOnB, "v-probe");

    // v leaves node B but is still on A: no offline (a message sent after it reaches the watcher first).
    await disconnect(vOnB);
    await until(async () => (await getJson(a, "/channels/v-probe", { info: "subscription_count" })).subscription_count === 0);
    const mark = new Promise((resolve) => watcher.user.bind("mark", resolve));
    await sdk(b).sendToUser("w", "mark", {});
    await mark;
    expect(seen).toEqual(["online v"]);

    await disconnect(vOnA);
    await until(() => seen.length === 2);
    expect(seen).toEqual(["online v", "offline v"]);
    // A watcher signing in on B hears at once that w, signed in on A, is online.
    const second = client(b, { user: { id: "w2", watchlist: ["w", "v"] } });
    const initial = new Promise<{ user_ids: string[] }>((resolve) => second.user.watchlist.bind("online", resolve));
    await signedIn(second, "w2");
    expect((await initial).user_ids).toEqual(["w"]);
  });

  it("sends channel_occupied and channel_vacated once for the cluster", async () => {
    const { receiver, apps } = await webhookApp();
    const nodes = await startNodes(3, buildClusterConfig(redis), { apps, webhookBatchMs: 5, webhookVacatedDelayMs: 50 });
    const clients = nodes.flatMap((node) => [client(node), client(node)]);
    await Promise.all(clients.map((pusher) => subscribed(pusher, "busy")));
    await receiver.delivery((e) => e.name === "channel_occupied" && e.channel === "busy");
    for (const pusher of clients) pusher.unsubscribe("busy");
    await receiver.delivery((e) => e.name === "channel_vacated" && e.channel === "busy");
    await flushWebhooks(receiver, nodes, "occupancy");
    expect(named(receiver.events(), "channel_occupied", "busy")).toHaveLength(1);
    expect(named(receiver.events(), "channel_vacated", "busy")).toHaveLength(1);
  });
});
