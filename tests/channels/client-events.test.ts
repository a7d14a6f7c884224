// client-* events: off unless the app enables them; private/presence only, never echoed, user_id on presence, refused on encrypted, rate-limited (4301).
import { afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, client, manualClock, nextEvent, rawClient, sdk, startServer, subscribed, type RawClient } from "./helpers";
import type { ChannelsConfig, RunningChannelsServer } from "@/lib/channels/index";

afterEach(cleanup);

/** A server whose app enables client events (hosted Pusher's default, and ours, is off). */
const startWithClientEvents = (overrides: Partial<ChannelsConfig> = {}) => startServer({ apps: [{ ...APP, clientEvents: true }], ...overrides });

/** A raw client subscribed (with a valid signature) to one channel. */
async function rawSubscribed(server: RunningChannelsServer, channel: string, userId = "raw-user"): Promise<RawClient> {
  const raw = await rawClient(server);
  const socketId = await raw.socketId();
  const auth = channel.startsWith("presence-")
    ? sdk(server).authorizeChannel(socketId, channel, { user_id: userId })
    : channel.startsWith("private-")
      ? sdk(server).authorizeChannel(socketId, channel)
      : {};
  raw.send({ event: "pusher:subscribe", data: { channel, ...auth } });
  await raw.next("pusher_internal:subscription_succeeded");
  return raw;
}

describe("client events", () => {
  it("are off unless the app enables them: 4301, nothing relayed, the socket stays usable", async () => {
    const server = await startServer();
    const sender = await rawSubscribed(server, "private-off");
    const receiver = await rawSubscribed(server, "private-off");
    sender.send({ event: "client-x", channel: "private-off", data: { n: 1 } });
    const error = await sender.next("pusher:error");
    expect(error.data).toEqual({ code: 4301, message: "Client event rejected: client events are not enabled for this app" });
    sender.send({ event: "pusher:ping", data: {} });
    await sender.next("pusher:pong");
    await sdk(server).trigger("private-off", "marker", {});
    await receiver.next("marker");
    expect(receiver.frames.some((frame) => frame.event === "client-x")).toBe(false);
  });

  it("relays on private channels to the others, never back to the sender", async () => {
    const server = await startWithClientEvents();
    const [a, b] = [client(server), client(server)];
    const { channel: onA } = await subscribed(a, "private-chat");
    const { channel: onB } = await subscribed(b, "private-chat");
    const seenByA: string[] = [];
    onA.bind_global((event: string) => seenByA.push(event));
    const atB = nextEvent(onB, "client-typing");
    onA.trigger("client-typing", { who: "a" });
    expect((await atB).data).toEqual({ who: "a" });
    const serverEvent = nextEvent(onA, "server-event");
    await sdk(server).trigger("private-chat", "server-event", {});
    await serverEvent;
    expect(seenByA).toEqual(["server-event"]);
  });

  it("adds the sender's user_id on presence channels", async () => {
    const server = await startWithClientEvents();
    const alice = client(server, { presence: { user_id: "alice" } });
    const bob = client(server, { presence: { user_id: "bob" } });
    const { channel: onAlice } = await subscribed(alice, "presence-chat");
    const { channel: onBob } = await subscribed(bob, "presence-chat");
    const atBob = nextEvent(onBob, "client-hello");
    onAlice.trigger("client-hello", { text: "hi" });
    const got = await atBob;
    expect(got.data).toEqual({ text: "hi" });
    expect(got.metadata.user_id).toBe("alice");
  });

  it.each([
    ["a public channel", "public-room", "only allowed on private and presence"],
    ["an encrypted channel", "private-encrypted-room", "not allowed on encrypted"],
  ])("refuses client events on %s with 4301", async (_label, channel, message) => {
    const server = await startWithClientEvents();
    const raw = await rawSubscribed(server, channel);
    raw.send({ event: "client-x", channel, data: {} });
    const error = await raw.next("pusher:error");
    expect(error.data).toMatchObject({ code: 4301 });
    expect((error.data as { message: string }).message).toContain(message);
  });

  it("refuses client events on a channel the socket has not joined, without a channel, or too large", async () => {
    const server = await startWithClientEvents({ maxEventBytes: 100 });
    const raw = await rawSubscribed(server, "private-mine");
    raw.send({ event: "client-x", channel: "private-other", data: {} });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4301 });
    raw.send({ event: "client-x", data: {} });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4301 });
    raw.send({ event: "client-x", channel: "private-mine", data: { big: "x".repeat(200) } });
    const tooBig = await raw.next("pusher:error");
    expect(tooBig.data).toMatchObject({ code: 4301 });
    expect((tooBig.data as { message: string }).message).toContain("larger than 100 bytes");
  });

  it("refuses deeply nested data over the size limit with 4301, without crashing the server", async () => {
    const server = await startWithClientEvents();
    const sender = await rawSubscribed(server, "private-deep");
    const depth = 20_000;
    sender.send(`{"event":"client-deep","channel":"private-deep","data":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    const error = await sender.next("pusher:error");
    expect(error.data).toMatchObject({ code: 4301 });
    expect((error.data as { message: string }).message).toContain("larger than");
    sender.send({ event: "pusher:ping", data: {} });
    await sender.next("pusher:pong");
  });

  it("relays deeply nested data exactly as sent (no re-serializing) and keeps the server and sender usable", async () => {
    const server = await startWithClientEvents({ maxEventBytes: 50_000 });
    const sender = await rawSubscribed(server, "private-deep");
    const receiver = await rawSubscribed(server, "private-deep");
    const depth = 20_000;
    sender.send(`{"event":"client-deep","channel":"private-deep","data":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    const got = await receiver.next("client-deep");
    let level = 0;
    for (let value: unknown = got.data; Array.isArray(value); value = (value as unknown[])[0]) level += 1;
    expect(level).toBe(depth);
    sender.send({ event: "pusher:ping", data: {} });
    await sender.next("pusher:pong");
    expect(sender.frames.some((frame) => frame.event === "pusher:error")).toBe(false);
  });

  it("relays data text byte for byte, key order and spacing included", async () => {
    const server = await startWithClientEvents();
    const sender = await rawSubscribed(server, "private-exact");
    const receiver = await rawSubscribed(server, "private-exact");
    const texts: string[] = [];
    receiver.ws.on("message", (raw) => texts.push(raw.toString()));
    sender.send('{"event":"client-exact","channel":"private-exact","data":{ "b" : 1,"a":[1, 2.50] }}');
    await receiver.next("client-exact");
    expect(texts).toContain('{"event":"client-exact","channel":"private-exact","data":{ "b" : 1,"a":[1, 2.50] }}');
  });

  it("rate-limits per connection: events past the limit get 4301 and are not delivered", async () => {
    // The clock stands still: all five events fall in the same instant whatever the scheduling.
    const server = await startWithClientEvents({ clientEventsPerSecond: 3, clock: manualClock().now });
    const sender = await rawSubscribed(server, "private-fast");
    const receiver = client(server);
    const { channel } = await subscribed(receiver, "private-fast");
    const received: number[] = [];
    channel.bind("client-n", (data: { n: number }) => received.push(data.n));
    for (let n = 1; n <= 5; n += 1) sender.send({ event: "client-n", channel: "private-fast", data: { n } });
    const first = await sender.next("pusher:error");
    const second = await sender.next("pusher:error");
    expect(first.data).toMatchObject({ code: 4301 });
    expect((second.data as { message: string }).message).toContain("rate limit");
    const marker = nextEvent(channel, "marker");
    await sdk(server).trigger("private-fast", "marker", {});
    await marker;
    expect(received).toEqual([1, 2, 3]);
  });
  it("refills the rate limit continuously (token bucket): no double burst at a window edge", async () => {
    const clock = manualClock();
    const server = await startWithClientEvents({ clientEventsPerSecond: 3, clock: clock.now });
    const sender = await rawSubscribed(server, "private-edge");
    const receiver = client(server);
    const { channel } = await subscribed(receiver, "private-edge");
    const received: number[] = [];
    channel.bind("client-n", (data: { n: number }) => received.push(data.n));
    const send = async (n: number) => {
      sender.send({ event: "client-n", channel: "private-edge", data: { n } });
      sender.send({ event: "pusher:ping", data: {} });
      await sender.next("pusher:pong");
    };
    await send(1);
    clock.advance(999);
    await send(2);
    await send(3);
    // One millisecond later a fixed one-second window would start afresh and allow three more.
    clock.advance(1);
    for (const n of [4, 5, 6]) await send(n);
    // A third of a second refills one token.
    clock.advance(334);
    await send(7);
    await send(8);
    const marker = nextEvent(channel, "marker");
    await sdk(server).trigger("private-edge", "marker", {});
    await marker;
    expect(received).toEqual([1, 2, 3, 4, 7]);
    expect(sender.frames.filter((frame) => frame.event === "pusher:error")).toHaveLength(3);
  });
});
