// Anonymous sockets must not be able to flood the webhook queue: subscribe/unsubscribe churn is bounded per
// connection, and channel_occupied/channel_vacated are coalesced per channel as Pusher does (vacated waits
// webhookVacatedDelayMs and a re-occupy within it cancels both).
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelsConfig } from "@/lib/channels/index";
import { APP, cleanup, client, manualClock, rawClient, startServer, subscribed, type RawClient } from "./helpers";
import { Receiver, type WebhookEvent } from "./webhook-receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await cleanup();
  while (receivers.length > 0) await receivers.pop()?.stop();
});

async function setup(extra: Partial<ChannelsConfig> = {}, answer?: (index: number) => number) {
  const receiver = new Receiver(answer);
  receivers.push(receiver);
  const webhookUrl = await receiver.start();
  const server = await startServer({ apps: [{ ...APP, webhookUrl }], webhookBatchMs: 5, webhookRetryBaseMs: 20, activityCheckIntervalMs: 10, ...extra });
  return { receiver, server };
}

/** Sends a ping and waits for its pong: every frame sent before it has been handled. */
async function handled(raw: RawClient): Promise<void> {
  raw.send({ event: "pusher:ping", data: {} });
  await raw.next("pusher:pong");
}

const occupancyOf = (events: WebhookEvent[], channel: string) =>
  events.filter((event) => event.channel === channel && (event.name === "channel_occupied" || event.name === "channel_vacated")).map((event) => event.name);

describe("occupied/vacated webhooks are coalesced per channel", () => {
  it("a subscribe/unsubscribe loop sends one channel_occupied and, once it stops, one channel_vacated", async () => {
    const clock = manualClock();
    const { receiver, server } = await setup({ clock: clock.now, webhookVacatedDelayMs: 3000 });
    const raw = await rawClient(server);
    await raw.socketId();
    for (let i = 0; i < 20; i += 1) {
      raw.send({ event: "pusher:subscribe", data: { channel: "churn" } });
      raw.send({ event: "pusher:unsubscribe", data: { channel: "churn" } });
    }
    await handled(raw);
    await receiver.delivery((event) => event.name === "channel_occupied" && event.channel === "churn");
    clock.advance(3000);
    await receiver.delivery((event) => event.name === "channel_vacated" && event.channel === "churn");
    // A later event on another channel: everything about "churn" queued before it has arrived by then.
    raw.send({ event: "pusher:subscribe", data: { channel: "marker" } });
    await receiver.delivery((event) => event.channel === "marker");
    expect(occupancyOf(receiver.events(), "churn")).toEqual(["channel_occupied", "channel_vacated"]);
  });

  it("sends nothing at all for a vacate and re-occupy within the delay; vacated goes out the delay after the last leave", async () => {
    const clock = manualClock();
    const { receiver, server } = await setup({ clock: clock.now, webhookVacatedDelayMs: 3000 });
    const pusher = client(server);
    await subscribed(pusher, "flap");
    await receiver.delivery((event) => event.name === "channel_occupied" && event.channel === "flap");
    pusher.unsubscribe("flap");
    const raw = await rawClient(server);
    await raw.socketId();
    clock.advance(2999);
    raw.send({ event: "pusher:subscribe", data: { channel: "flap" } });
    await raw.next("pusher_internal:subscription_succeeded");
    clock.advance(10_000);
    raw.send({ event: "pusher:subscribe", data: { channel: "marker-1" } });
    await receiver.delivery((event) => event.channel === "marker-1");
    expect(occupancyOf(receiver.events(), "flap")).toEqual(["channel_occupied"]);

    raw.send({ event: "pusher:unsubscribe", data: { channel: "flap" } });
    await handled(raw);
    clock.advance(2999);
    raw.send({ event: "pusher:subscribe", data: { channel: "marker-2" } });
    await receiver.delivery((event) => event.channel === "marker-2");
    expect(occupancyOf(receiver.events(), "flap")).toEqual(["channel_occupied"]);
    clock.advance(1);
    await receiver.delivery((event) => event.name === "channel_vacated" && event.channel === "flap");
  });

  it("delivers the pending channel_vacated at once on shutdown", async () => {
    const { receiver, server } = await setup({ webhookVacatedDelayMs: 60_000 });
    const pusher = client(server);
    await subscribed(pusher, "leaving");
    await server.close();
    expect(occupancyOf(receiver.events(), "leaving")).toEqual(["channel_occupied", "channel_vacated"]);
  });
});

describe("subscription churn per connection", () => {
  it("closes a socket that subscribes and unsubscribes faster than subscriptionChangesPerSecond with 4100", async () => {
    const clock = manualClock();
    // Burst: maxSubscriptionsPerConnection changes (a reconnect resubscribes everything at once), then 2 per second.
    const server = await startServer({ clock: clock.now, subscriptionChangesPerSecond: 2, maxSubscriptionsPerConnection: 4 });
    const raw = await rawClient(server);
    await raw.socketId();
    // 20 frames per second: well under the 100 frames per second every socket may send.
    for (let i = 0; i < 10; i += 1) {
      raw.send({ event: "pusher:subscribe", data: { channel: `loop-${i}` } });
      raw.send({ event: "pusher:unsubscribe", data: { channel: `loop-${i}` } });
      clock.advance(100);
    }
    raw.send({ event: "pusher:ping", data: {} });
    const outcome = await Promise.race([raw.closed.then(({ code }) => code), raw.next("pusher:pong").then(() => "pong")]);
    expect(outcome).toBe(4100);
    expect(raw.frames.filter((frame) => frame.event === "pusher_internal:subscription_succeeded")).toHaveLength(2);
  });

  it("lets pusher-js subscribe to maxSubscriptionsPerConnection channels at once", async () => {
    const server = await startServer({ clock: manualClock().now, subscriptionChangesPerSecond: 1, maxSubscriptionsPerConnection: 20 });
    const pusher = client(server);
    await Promise.all(Array.from({ length: 20 }, (_, i) => subscribed(pusher, `many-${i}`)));
    expect(pusher.connection.state).toBe("connected");
  });
});

describe("the webhook queue under a churn flood", () => {
  it("keeps a real member_added that was queued before 10 sockets loop subscribe/unsubscribe", async () => {
    // The first delivery is held (a slow app), so everything after it queues; the queue holds 20 events.
    const clock = manualClock();
    const { receiver, server } = await setup({ clock: clock.now, webhookMaxPendingEvents: 20, webhookVacatedDelayMs: 3000 }, (index) => (index === 0 ? 0 : 200));
    const first = await rawClient(server);
    await first.socketId();
    first.send({ event: "pusher:subscribe", data: { channel: "first" } });
    await receiver.received(1);
    await subscribed(client(server, { presence: { user_id: "real-user" } }), "presence-market");

    const flooders = await Promise.all(Array.from({ length: 10 }, () => rawClient(server)));
    for (const [n, raw] of flooders.entries()) {
      await raw.socketId();
      for (let i = 0; i < 10; i += 1) {
        raw.send({ event: "pusher:subscribe", data: { channel: `flood-${n}` } });
        raw.send({ event: "pusher:unsubscribe", data: { channel: `flood-${n}` } });
      }
    }
    await Promise.all(flooders.map(handled));
    receiver.release(200);
    await receiver.delivery((event) => event.name === "channel_occupied" && event.channel === "flood-9");
    expect(receiver.events()).toContainEqual({ name: "member_added", channel: "presence-market", user_id: "real-user" });
  });
});
