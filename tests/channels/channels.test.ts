// Channel types: public, private, presence, private-encrypted, cache; subscription_count; socket_id exclusion.
import { afterEach, describe, expect, it } from "vitest";
import type { Channel, PresenceChannel } from "pusher-js";
import { cleanup, client, decoded, nextEvent, rawClient, roundTrip, sdk, startServer, subscribed } from "./helpers";

afterEach(cleanup);

/** Resolves when a channel's pusher:subscription_count reaches `count`. */
function countReaches(channel: Channel, count: number): Promise<void> {
  return new Promise((resolve) => {
    const handler = (data: { subscription_count: number }) => {
      if (data.subscription_count !== count) return;
      channel.unbind("pusher:subscription_count", handler);
      resolve();
    };
    channel.bind("pusher:subscription_count", handler);
  });
}

describe("public channels", () => {
  it("delivers an SDK trigger to every subscriber, on every listed channel", async () => {
    const server = await startServer();
    const [a, b] = [client(server), client(server)];
    const { channel: onA } = await subscribed(a, "prices");
    const { channel: onB } = await subscribed(b, "other");
    const gotA = nextEvent(onA, "update");
    const gotB = nextEvent(onB, "update");
    await sdk(server).trigger(["prices", "other"], "update", { price: "10.5" });
    expect((await gotA).data).toEqual({ price: "10.5" });
    expect((await gotB).data).toEqual({ price: "10.5" });
  });

  it("excludes the connection named by socket_id", async () => {
    const server = await startServer();
    const [a, b] = [client(server), client(server)];
    const { channel: onA } = await subscribed(a, "room");
    const { channel: onB } = await subscribed(b, "room");
    const seenByA: unknown[] = [];
    onA.bind("msg", (data: unknown) => seenByA.push(data));
    const second = nextEvent(onA, "msg");
    const bGotFirst = nextEvent(onB, "msg");
    await sdk(server).trigger("room", "msg", { n: 1 }, { socket_id: a.connection.socket_id });
    expect((await bGotFirst).data).toEqual({ n: 1 });
    await sdk(server).trigger("room", "msg", { n: 2 });
    await second;
    expect(seenByA).toEqual([{ n: 2 }]);
  });

  it("stops delivering after unsubscribe", async () => {
    const server = await startServer();
    const pusher = client(server);
    await subscribed(pusher, "leaving");
    const { channel: marker } = await subscribed(pusher, "marker");
    const received: string[] = [];
    pusher.bind_global((event: string) => received.push(event));
    pusher.unsubscribe("leaving");
    await roundTrip(pusher);
    const api = sdk(server);
    const markerSeen = nextEvent(marker, "mark");
    await api.trigger("leaving", "gone", {});
    await api.trigger("marker", "mark", {});
    await markerSeen;
    expect(received).not.toContain("gone");
  });
});

describe("private channels", () => {
  it("subscribes with a valid signature and receives events", async () => {
    const server = await startServer();
    const pusher = client(server);
    const { channel } = await subscribed(pusher, "private-user-abc");
    const got = nextEvent(channel, "trade");
    await sdk(server).trigger("private-user-abc", "trade", { id: 1 });
    expect((await got).data).toEqual({ id: 1 });
  });

  it("refuses a bad signature with subscription_error AuthError 401, and the socket stays usable", async () => {
    const server = await startServer();
    const pusher = client(server, { wrongSecret: true });
    const failure = await subscribed(pusher, "private-secret").catch((error: { data: unknown }) => error.data);
    expect(failure).toMatchObject({ type: "AuthError", status: 401 });
    await subscribed(pusher, "public-after-failure");
    // The refused channel was never occupied: the API lists only the public one.
    const listed = await (await sdk(server).get({ path: "/channels" })).json();
    expect(listed).toEqual({ channels: { "public-after-failure": {} } });
  });

  it("refuses a missing auth and an auth for another socket (raw)", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "private-a" } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ type: "AuthError", status: 401 });
    const forOther = sdk(server).authorizeChannel("1.1", "private-b");
    raw.send({ event: "pusher:subscribe", data: { channel: "private-b", auth: forOther.auth } });
    expect((await raw.next("pusher:subscription_error", (f) => f.channel === "private-b")).data).toMatchObject({ status: 401 });
    const good = sdk(server).authorizeChannel(socketId, "private-b");
    raw.send({ event: "pusher:subscribe", data: { channel: "private-b", auth: good.auth } });
    expect((await raw.next("pusher_internal:subscription_succeeded")).channel).toBe("private-b");
  });

  it("refuses invalid channel names", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "bad name!" } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ status: 400 });
    raw.send({ event: "pusher:subscribe", data: { channel: "x".repeat(201) } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ status: 400 });
  });
});

describe("presence channels", () => {
  it("sends ids/hash/count, then member_added and member_removed to the other members", async () => {
    const server = await startServer();
    const alice = client(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    const bob = client(server, { presence: { user_id: "bob", user_info: { name: "Bob" } } });
    const { channel } = await subscribed(alice, "presence-market");
    const members = (channel as PresenceChannel).members;
    expect(members.count).toBe(1);
    expect(members.me).toEqual({ id: "alice", info: { name: "Alice" } });

    const added = nextEvent(channel, "pusher:member_added");
    const { channel: bobChannel } = await subscribed(bob, "presence-market");
    expect((await added).data).toEqual({ id: "bob", info: { name: "Bob" } });
    const bobMembers = (bobChannel as PresenceChannel).members;
    expect(bobMembers.count).toBe(2);
    expect(Object.keys(bobMembers.members).sort()).toEqual(["alice", "bob"]);

    const removed = nextEvent(channel, "pusher:member_removed");
    bob.disconnect();
    expect((await removed).data).toEqual({ id: "bob", info: { name: "Bob" } });
  });

  it("counts one member per user id however many sockets it has", async () => {
    const server = await startServer({ subscriptionCount: true, subscriptionCountIntervalMs: 20 });
    const watcher = client(server, { presence: { user_id: "watcher" } });
    const { channel } = await subscribed(watcher, "presence-room");
    const events: string[] = [];
    channel.bind("pusher:member_added", (m: { id: string }) => events.push(`+${m.id}`));
    channel.bind("pusher:member_removed", (m: { id: string }) => events.push(`-${m.id}`));

    const a1 = client(server, { presence: { user_id: "a" } });
    const a2 = client(server, { presence: { user_id: "a" } });
    const d = client(server, { presence: { user_id: "d" } });
    await subscribed(a1, "presence-room");
    const { channel: a2Channel } = await subscribed(a2, "presence-room");
    expect((a2Channel as PresenceChannel).members.count).toBe(2);
    const dAdded = nextEvent(channel, "pusher:member_added");
    await subscribed(d, "presence-room");
    await dAdded;
    expect(events).toEqual(["+a", "+d"]);

    const users = await (await sdk(server).get({ path: "/channels/presence-room/users" })).json();
    expect(users).toEqual({ users: [{ id: "watcher" }, { id: "a" }, { id: "d" }] });

    // a2 also sits in a counted public channel: its count dropping proves a2's disconnect was handled.
    const { channel: companion } = await subscribed(watcher, "companion");
    const twoSubscribed = countReaches(companion, 2);
    await subscribed(a2, "companion");
    await twoSubscribed;
    const a2Gone = countReaches(companion, 1);
    a2.disconnect();
    await a2Gone;
    const dRemoved = nextEvent(channel, "pusher:member_removed");
    d.disconnect();
    await dRemoved;
    expect(events).toEqual(["+a", "+d", "-d"]);
    const aRemoved = nextEvent(channel, "pusher:member_removed");
    a1.disconnect();
    expect((await aRemoved).data).toMatchObject({ id: "a" });
  });

  it("caps members per channel but lets an existing member add sockets", async () => {
    const server = await startServer({ maxPresenceMembers: 2 });
    await subscribed(client(server, { presence: { user_id: "1" } }), "presence-small");
    await subscribed(client(server, { presence: { user_id: "2" } }), "presence-small");
    const third = await subscribed(client(server, { presence: { user_id: "3" } }), "presence-small").catch(
      (error: { data: unknown }) => error.data,
    );
    expect(third).toMatchObject({ type: "LimitReached" });
    await subscribed(client(server, { presence: { user_id: "2" } }), "presence-small");
  });

  it("refuses a presence signature made with another secret, or tampered channel_data", async () => {
    const server = await startServer();
    const bad = client(server, { wrongSecret: true, presence: { user_id: "x" } });
    expect(await subscribed(bad, "presence-x").catch((e: { data: unknown }) => e.data)).toMatchObject({ type: "AuthError", status: 401 });

    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authorizeChannel(socketId, "presence-x", { user_id: "honest" });
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-x", auth: signed.auth, channel_data: JSON.stringify({ user_id: "admin" }) } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ type: "AuthError", status: 401 });
  });
});

describe("private-encrypted channels", () => {
  it("relays SDK-encrypted events that pusher-js decrypts with the shared secret", async () => {
    const server = await startServer();
    const pusher = client(server);
    const { channel } = await subscribed(pusher, "private-encrypted-user-xyz");
    const got = nextEvent(channel, "notice");
    await sdk(server).trigger("private-encrypted-user-xyz", "notice", { text: "filled" });
    expect((await got).data).toEqual({ text: "filled" });
  });
});

describe("cache channels", () => {
  it.each(["cache-prices", "private-cache-prices", "presence-cache-prices", "private-encrypted-cache-prices"])(
    "%s: cache_miss when empty, else the last event on subscribe",
    async (name) => {
      const server = await startServer();
      const first = client(server, { presence: { user_id: "u1" } });
      const firstChannel = first.subscribe(name);
      await nextEvent(firstChannel, "pusher:cache_miss");
      await sdk(server).trigger(name, "tick", { p: 1 });
      await sdk(server).trigger(name, "tick", { p: 2 });
      const second = client(server, { presence: { user_id: "u2" } });
      const channel = second.subscribe(name);
      expect((await nextEvent(channel, "tick")).data).toEqual({ p: 2 });
    },
  );

  it("reports the cached event through channel info=cache", async () => {
    const server = await startServer();
    await sdk(server).trigger("cache-x", "tick", { p: 3 });
    const info = await (await sdk(server).get({ path: "/channels/cache-x", params: { info: "cache" } })).json();
    expect(info).toMatchObject({ occupied: false, cache: { event: "tick", data: JSON.stringify({ p: 3 }) } });
  });
});

describe("subscription_count", () => {
  it("sends pusher:subscription_count to subscribers when enabled", async () => {
    const server = await startServer({ subscriptionCount: true, subscriptionCountIntervalMs: 20 });
    const a = client(server);
    const channel = a.subscribe("counted");
    expect((await nextEvent(channel, "pusher:subscription_count")).data).toEqual({ subscription_count: 1 });
    const next = nextEvent(channel, "pusher:subscription_count");
    await subscribed(client(server), "counted");
    expect((await next).data).toEqual({ subscription_count: 2 });
  });

  it("sends nothing when disabled (the first event after subscribing is a real one)", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "quiet" } });
    await raw.next("pusher_internal:subscription_succeeded");
    await sdk(server).trigger("quiet", "real", {});
    await raw.next("real");
    expect(raw.frames.map((f) => f.event)).not.toContain("pusher_internal:subscription_count");
  });
});

describe("re-subscribing", () => {
  it("answers a duplicate subscribe with subscription_succeeded again, without a second member", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authorizeChannel(socketId, "presence-dup", { user_id: "only" });
    const frame = { event: "pusher:subscribe", data: { channel: "presence-dup", ...signed } };
    raw.send(frame);
    await raw.next("pusher_internal:subscription_succeeded");
    raw.send(frame);
    const again = await raw.next("pusher_internal:subscription_succeeded");
    expect(decoded(again)).toEqual({ presence: { ids: ["only"], hash: { only: null }, count: 1 } });
  });
});
