// Webhooks: each event kind reaches a local receiver, signed (checked with the SDK's webhook()), retried, never blocking.
import { afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, client, nextEvent, rawClient, sdk, startServer, subscribed } from "./helpers";
import { eventsOf, Receiver } from "./webhook-receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await cleanup();
  while (receivers.length > 0) await receivers.pop()?.stop();
});

async function setup(answer?: (index: number) => number, extra: Parameters<typeof startServer>[0] = {}) {
  const receiver = new Receiver(answer);
  receivers.push(receiver);
  const webhookUrl = await receiver.start();
  const server = await startServer({ apps: [{ ...APP, webhookUrl, clientEvents: true }], webhookBatchMs: 5, webhookRetryBaseMs: 20, webhookShutdownMs: 100, webhookVacatedDelayMs: 50, ...extra });
  return { receiver, server };
}

describe("webhooks", () => {
  it("signs every delivery so the SDK's webhook() validates it", async () => {
    const { receiver, server } = await setup();
    await subscribed(client(server), "signed-channel");
    const delivery = await receiver.delivery((e) => e.name === "channel_occupied");
    const webhook = sdk(server).webhook({ headers: delivery.headers as Record<string, string>, rawBody: delivery.rawBody });
    expect(webhook.isValid()).toBe(true);
    expect(webhook.getEvents()).toContainEqual({ name: "channel_occupied", channel: "signed-channel" });
    expect(delivery.headers["x-pusher-key"]).toBe(APP.key);
    expect(typeof webhook.getTime().getTime()).toBe("number");
    const forged = sdk(server).webhook({ headers: delivery.headers as Record<string, string>, rawBody: delivery.rawBody.replace("signed", "forged") });
    expect(forged.isValid()).toBe(false);
  });

  it("sends channel_occupied and channel_vacated", async () => {
    const { receiver, server } = await setup();
    const pusher = client(server);
    await subscribed(pusher, "occupancy");
    await receiver.delivery((e) => e.name === "channel_occupied" && e.channel === "occupancy");
    pusher.unsubscribe("occupancy");
    await receiver.delivery((e) => e.name === "channel_vacated" && e.channel === "occupancy");
  });

  it("sends member_added and member_removed with the user id", async () => {
    const { receiver, server } = await setup();
    const pusher = client(server, { presence: { user_id: "hooked" } });
    await subscribed(pusher, "presence-hooks");
    await receiver.delivery((e) => e.name === "member_added" && e.user_id === "hooked");
    pusher.unsubscribe("presence-hooks");
    await receiver.delivery((e) => e.name === "member_removed" && e.user_id === "hooked" && e.channel === "presence-hooks");
  });

  it("sends client_event with event, data, socket_id and (on presence) user_id", async () => {
    const { receiver, server } = await setup();
    const sender = client(server, { presence: { user_id: "talker" } });
    const { channel } = await subscribed(sender, "presence-talk");
    channel.trigger("client-said", { text: "hi" });
    const delivery = await receiver.delivery((e) => e.name === "client_event");
    const evt = eventsOf(delivery).find((e) => e.name === "client_event");
    expect(evt).toEqual({
      name: "client_event",
      channel: "presence-talk",
      event: "client-said",
      data: JSON.stringify({ text: "hi" }),
      socket_id: sender.connection.socket_id,
      user_id: "talker",
    });
  });

  it("sends cache_miss and subscription_count", async () => {
    const { receiver, server } = await setup(undefined, { subscriptionCount: true });
    client(server).subscribe("cache-hooks");
    await receiver.delivery((e) => e.name === "cache_miss" && e.channel === "cache-hooks");
    await receiver.delivery((e) => e.name === "subscription_count" && e.channel === "cache-hooks" && e.subscription_count === 1);
  });

  it("retries a failed delivery with the same signed body", async () => {
    const { receiver, server } = await setup((index) => (index < 2 ? 500 : 200));
    await subscribed(client(server), "retried");
    await receiver.delivery((e) => e.name === "channel_occupied");
    await receiver.received(3);
    const [first, , last] = receiver.deliveries;
    expect(last?.rawBody).toBe(first?.rawBody);
    expect(sdk(server).webhook({ headers: last?.headers as Record<string, string>, rawBody: last?.rawBody ?? "" }).isValid()).toBe(true);
  });

  it("never blocks fan-out, even when the receiver never answers", async () => {
    const { receiver, server } = await setup(() => 0);
    const a = client(server, { presence: { user_id: "a" } });
    const b = client(server, { presence: { user_id: "b" } });
    const { channel: onA } = await subscribed(a, "presence-stuck");
    const { channel: onB } = await subscribed(b, "presence-stuck");
    const clientEvent = nextEvent(onB, "client-go");
    onA.trigger("client-go", { n: 1 });
    await clientEvent;
    const serverEvent = nextEvent(onB, "server-go");
    await sdk(server).trigger("presence-stuck", "server-go", {});
    await serverEvent;
    await receiver.delivery((e) => e.name === "channel_occupied");
    const raw = await rawClient(server);
    await raw.socketId();
  });
});
