// Resource limits: slow consumers (backpressure), subscriptions per connection, inbound frame rate.
import { afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, client, manualClock, nextEvent, rawClient, sdk, startServer, subscribed, waitForState } from "./helpers";
import { TcpWebSocket } from "./tcp-client";

afterEach(cleanup);

describe("backpressure", () => {
  it("terminates a subscriber that never reads once its backlog passes maxBufferedBytes; readers keep receiving", async () => {
    const server = await startServer({ maxBufferedBytes: 256 * 1024 });
    const reader = client(server);
    const { channel } = await subscribed(reader, "firehose");
    const slow = await TcpWebSocket.open(server.port, `/app/${APP.key}?protocol=7`);
    try {
      await slow.waitFor("pusher:connection_established");
      slow.sendText(JSON.stringify({ event: "pusher:subscribe", data: { channel: "firehose" } }));
      await slow.waitFor("pusher_internal:subscription_succeeded");
      slow.pause();

      const api = sdk(server);
      const subscribers = async () => {
        const response = await api.get({ path: "/channels/firehose", params: { info: "subscription_count" } });
        return ((await response.json()) as { subscription_count: number }).subscription_count;
      };
      expect(await subscribers()).toBe(2);
      const data = "x".repeat(9 * 1024);
      const batch = Array.from({ length: 10 }, () => ({ channel: "firehose", name: "bulk", data }));
      // Far more than the kernel buffers of a loopback connection hold: unbounded buffering would never drop it.
      const cap = 40 * 1024 * 1024;
      let sent = 0;
      while (sent < cap && (await subscribers()) === 2) {
        await api.triggerBatch(batch);
        sent += batch.length * data.length;
      }
      expect(await subscribers()).toBe(1);
      expect(sent).toBeLessThan(cap);

      const marker = nextEvent(channel, "marker");
      await api.trigger("firehose", "marker", {});
      await marker;
      expect(reader.connection.state).toBe("connected");
    } finally {
      slow.destroy();
    }
  });
});

describe("subscriptions per connection", () => {
  it("refuses a subscription past maxSubscriptionsPerConnection with LimitReached; the socket stays usable", async () => {
    const server = await startServer({ maxSubscriptionsPerConnection: 3 });
    const raw = await rawClient(server);
    await raw.socketId();
    for (const channel of ["one", "two", "three"]) {
      raw.send({ event: "pusher:subscribe", data: { channel } });
      expect((await raw.next("pusher_internal:subscription_succeeded")).channel).toBe(channel);
    }
    raw.send({ event: "pusher:subscribe", data: { channel: "four" } });
    const refused = await raw.next("pusher:subscription_error");
    expect(refused.channel).toBe("four");
    expect(refused.data).toMatchObject({ type: "LimitReached" });
    // Subscribing again to a channel it has is no new subscription.
    raw.send({ event: "pusher:subscribe", data: { channel: "one" } });
    expect((await raw.next("pusher_internal:subscription_succeeded")).channel).toBe("one");
    raw.send({ event: "pusher:unsubscribe", data: { channel: "two" } });
    raw.send({ event: "pusher:subscribe", data: { channel: "four" } });
    expect((await raw.next("pusher_internal:subscription_succeeded")).channel).toBe("four");
    const occupied = await sdk(server).get({ path: "/channels/four" });
    expect(await occupied.json()).toMatchObject({ occupied: true });
  });
});

describe("inbound frame rate", () => {
  it("allows a burst of twice the rate, refills over time, then answers 4100 and closes with 4100", async () => {
    const clock = manualClock();
    const server = await startServer({ messagesPerSecond: 5, clock: clock.now });
    const raw = await rawClient(server);
    await raw.socketId();
    for (let i = 0; i < 10; i += 1) raw.send({ event: "pusher:ping", data: {} });
    for (let i = 0; i < 10; i += 1) await raw.next("pusher:pong");
    // 200 ms at 5 per second is one more frame.
    clock.advance(200);
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");
    raw.send({ event: "pusher:ping", data: {} });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4100 });
    expect((await raw.closed).code).toBe(4100);
    expect(raw.frames.some((frame) => frame.event === "pusher:pong")).toBe(false);
  });

  it("counts client-* frames too, refused ones included: a flood of refused client events is closed with 4100", async () => {
    // Client events are off (4301 each): the attack got 100,000 4301 replies on one open socket.
    const server = await startServer({ messagesPerSecond: 5, clock: manualClock().now });
    const raw = await rawClient(server);
    await raw.socketId();
    for (let i = 0; i < 30; i += 1) raw.send({ event: "client-x", channel: "private-x", data: {} });
    // Only then a ping: with client frames left out of the limit it is frame 1 of 10 and gets a pong.
    raw.send({ event: "pusher:ping", data: {} });
    const outcome = await Promise.race([raw.closed.then(({ code }) => code), raw.next("pusher:pong").then(() => "pong")]);
    expect(outcome).toBe(4100);
    const errors = raw.frames.filter((frame) => frame.event === "pusher:error").map((frame) => (frame.data as { code: number }).code);
    // The burst (twice the rate) is answered 4301 each, then one 4100; nothing after the close.
    expect(errors).toEqual([...Array<number>(10).fill(4301), 4100]);
  });

  it("counts accepted client events against the frame limit as well as their own rate", async () => {
    const server = await startServer({
      apps: [{ ...APP, clientEvents: true }],
      messagesPerSecond: 5,
      clientEventsPerSecond: 1000,
      clock: manualClock().now,
    });
    const sender = await rawClient(server);
    const socketId = await sender.socketId();
    sender.send({ event: "pusher:subscribe", data: { channel: "private-flood", ...sdk(server).authorizeChannel(socketId, "private-flood") } });
    await sender.next("pusher_internal:subscription_succeeded");
    for (let i = 0; i < 30; i += 1) sender.send({ event: "client-big", channel: "private-flood", data: { i } });
    sender.send({ event: "pusher:ping", data: {} });
    const outcome = await Promise.race([sender.closed.then(({ code }) => code), sender.next("pusher:pong").then(() => "pong")]);
    expect(outcome).toBe(4100);
  });

  it("counts a large frame as one frame per started 4 KiB: a flood of 20 KB frames is closed after the first", async () => {
    // Burst 10: a 21 KB frame costs 6, so the second one is over the limit (the attack sent 60 KB frames).
    const server = await startServer({ messagesPerSecond: 5, clock: manualClock().now });
    const raw = await rawClient(server);
    await raw.socketId();
    const big = { event: "client-x", channel: "private-x", data: "x".repeat(20 * 1024) };
    for (let i = 0; i < 3; i += 1) raw.send(big);
    raw.send({ event: "pusher:ping", data: {} });
    const outcome = await Promise.race([raw.closed.then(({ code }) => code), raw.next("pusher:pong").then(() => "pong")]);
    expect(outcome).toBe(4100);
    const errors = raw.frames.filter((frame) => frame.event === "pusher:error").map((frame) => (frame.data as { code: number }).code);
    expect(errors).toEqual([4301, 4100]);
  });

  it("pusher-js backs off after 4100 and reconnects with a new socket", async () => {
    const server = await startServer({ messagesPerSecond: 2, clock: manualClock().now });
    const pusher = client(server);
    await waitForState(pusher, "connected");
    const first = pusher.connection.socket_id;
    const left = waitForState(pusher, "connecting");
    for (let i = 0; i < 5; i += 1) pusher.send_event("pusher:ping", {});
    await left;
    await waitForState(pusher, "connected");
    expect(pusher.connection.socket_id).not.toBe(first);
  });
});
