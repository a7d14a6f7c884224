// Webhook delivery under pressure: one request in flight, a bounded queue dropping the oldest, a flush on shutdown.
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelsConfig } from "@/lib/channels/index";
import { APP, cleanup, client, rawClient, startServer, subscribed } from "./helpers";
import { eventsOf, Receiver } from "./webhook-receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await cleanup();
  while (receivers.length > 0) await receivers.pop()?.stop();
});

async function setup(answer: (index: number) => number, extra: Partial<ChannelsConfig> = {}) {
  const receiver = new Receiver(answer);
  receivers.push(receiver);
  const webhookUrl = await receiver.start();
  const lines: string[] = [];
  const server = await startServer({
    apps: [{ ...APP, webhookUrl }],
    webhookBatchMs: 5,
    webhookRetryBaseMs: 20,
    log: (line) => lines.push(line),
    ...extra,
  });
  return { receiver, server, lines };
}

describe("webhook delivery", () => {
  it("keeps one request in flight, queues at most maxPendingEvents and drops the oldest with a log line", async () => {
    // The first request is held until released; later ones are answered at once.
    const { receiver, server, lines } = await setup((index) => (index === 0 ? 0 : 200), { webhookMaxPendingEvents: 10 });
    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "c0" } });
    await receiver.received(1);
    for (let n = 1; n <= 30; n += 1) raw.send({ event: "pusher:subscribe", data: { channel: `c${n}` } });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");

    receiver.release(200);
    await receiver.delivery((event) => event.channel === "c30");
    expect(receiver.maxInFlight).toBe(1);
    const afterFirst = receiver.deliveries.slice(1).flatMap(eventsOf);
    expect(afterFirst.map((event) => event.channel)).toEqual(Array.from({ length: 10 }, (_, i) => `c${21 + i}`));
    expect(lines.some((line) => line.includes("dropped the 20 oldest queued events"))).toBe(true);
  });

  it("bounds the queue by bytes as well", async () => {
    const { receiver, server, lines } = await setup((index) => (index === 0 ? 0 : 200), { webhookMaxPendingBytes: 300 });
    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "b0" } });
    await receiver.received(1);
    // {"name":"channel_occupied","channel":"bNN"} is 44 bytes: 300 bytes hold 6 of them.
    for (let n = 10; n < 40; n += 1) raw.send({ event: "pusher:subscribe", data: { channel: `b${n}` } });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");
    receiver.release(200);
    await receiver.delivery((event) => event.channel === "b39");
    expect(receiver.deliveries.slice(1).flatMap(eventsOf).map((event) => event.channel)).toEqual(["b34", "b35", "b36", "b37", "b38", "b39"]);
    expect(lines.some((line) => line.includes("dropped the 24 oldest"))).toBe(true);
  });

  it("delivers the channel_vacated and member_removed of the sockets it closes on shutdown", async () => {
    const { receiver, server } = await setup(() => 200);
    const pusher = client(server, { presence: { user_id: "leaver" } });
    await subscribed(pusher, "presence-leaving");
    await receiver.delivery((event) => event.name === "member_added");
    await server.close();
    expect(receiver.events()).toContainEqual({ name: "member_removed", channel: "presence-leaving", user_id: "leaver" });
    expect(receiver.events()).toContainEqual({ name: "channel_vacated", channel: "presence-leaving" });
  });

  it("gives the shutdown flush a time limit when the receiver never answers", async () => {
    const { receiver, server, lines } = await setup(() => 0, { webhookShutdownMs: 50 });
    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "stuck" } });
    await receiver.received(1);
    await server.close();
    expect(lines.some((line) => line.includes("not delivered"))).toBe(true);
  });
});

describe("shutdown", () => {
  it("a second close() resolves only when the shutdown is complete", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.socketId();
    let firstDone = false;
    void server.close().then(() => (firstDone = true));
    await server.close();
    expect(firstDone).toBe(true);
    // Shut down for good: the socket got its 4200 and nothing listens any more.
    expect((await raw.closed).code).toBe(4200);
    await expect(rawClient(server)).rejects.toThrow(/ECONNREFUSED/);
  });
});
