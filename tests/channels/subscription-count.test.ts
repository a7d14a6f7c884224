// subscription_count throttling: the first change goes out at once, a burst of joins becomes one trailing count.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, decoded, rawClient, sdk, startServer, type RawClient } from "./helpers";
import type { RunningChannelsServer } from "@/lib/channels/index";

afterEach(cleanup);

async function joined(server: RunningChannelsServer, channel: string): Promise<RawClient> {
  const raw = await rawClient(server);
  await raw.socketId();
  raw.send({ event: "pusher:subscribe", data: { channel } });
  await raw.next("pusher_internal:subscription_succeeded");
  return raw;
}

const counts = (raw: RawClient) =>
  raw.frames.filter((frame) => frame.event === "pusher_internal:subscription_count").map((frame) => decoded<{ subscription_count: number }>(frame).subscription_count);

describe("subscription_count throttling", () => {
  it("announces the first change at once and holds the burst that follows within the interval", async () => {
    // An interval far longer than the test: only the leading announcement can happen.
    const server = await startServer({ subscriptionCount: true, subscriptionCountIntervalMs: 600_000 });
    const first = await joined(server, "crowd");
    await first.next("pusher_internal:subscription_count", (frame) => decoded<{ subscription_count: number }>(frame).subscription_count === 1);
    await Promise.all(Array.from({ length: 20 }, () => joined(server, "crowd")));
    // Frames to one socket keep their order: anything broadcast during the joins arrives before this marker.
    await sdk(server).trigger("crowd", "marker", {});
    await first.next("marker");
    expect(counts(first)).toEqual([]);
    const info = await sdk(server).get({ path: "/channels/crowd", params: { info: "subscription_count" } });
    expect(await info.json()).toMatchObject({ subscription_count: 21 });
  });

  it("sends one trailing count with the final number after a burst", async () => {
    const server = await startServer({ subscriptionCount: true, subscriptionCountIntervalMs: 50 });
    const first = await joined(server, "burst");
    await first.next("pusher_internal:subscription_count");
    const others = await Promise.all(Array.from({ length: 20 }, () => joined(server, "burst")));
    await first.next("pusher_internal:subscription_count", (frame) => decoded<{ subscription_count: number }>(frame).subscription_count === 21);
    // Every subscriber converges on the same final count.
    const last = others.at(-1);
    if (!last) throw new Error("no subscribers");
    await last.next("pusher_internal:subscription_count", (frame) => decoded<{ subscription_count: number }>(frame).subscription_count === 21);
  });
});
