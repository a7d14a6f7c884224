// Cache channel memory: entries expire by the server's clock and at most maxCacheEntries are kept per app.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, manualClock, rawClient, sdk, startServer } from "./helpers";
import type { RunningChannelsServer } from "@/lib/channels/index";

afterEach(cleanup);

async function cacheInfo(server: RunningChannelsServer, channel: string): Promise<{ cache?: { event: string; data: string; ttl: number } }> {
  const response = await sdk(server).get({ path: `/channels/${channel}`, params: { info: "cache" } });
  return (await response.json()) as { cache?: { event: string; data: string; ttl: number } };
}

async function firstFrameOnSubscribe(server: RunningChannelsServer, channel: string): Promise<string> {
  const raw = await rawClient(server);
  await raw.socketId();
  raw.send({ event: "pusher:subscribe", data: { channel } });
  await raw.next("pusher_internal:subscription_succeeded");
  raw.send({ event: "pusher:ping", data: {} });
  await raw.next("pusher:pong");
  const replay = raw.frames.find((frame) => frame.event !== "pusher:connection_established");
  return replay?.event ?? "none";
}

describe("cache limits", () => {
  it("keeps at most maxCacheEntries channels, evicting the one written longest ago", async () => {
    const server = await startServer({ maxCacheEntries: 2 });
    const api = sdk(server);
    await api.trigger("cache-a", "tick", { n: 1 });
    await api.trigger("cache-b", "tick", { n: 2 });
    await api.trigger("cache-c", "tick", { n: 3 });
    expect((await cacheInfo(server, "cache-a")).cache).toBeUndefined();
    expect((await cacheInfo(server, "cache-b")).cache).toMatchObject({ event: "tick", data: JSON.stringify({ n: 2 }) });
    expect((await cacheInfo(server, "cache-c")).cache).toMatchObject({ event: "tick", data: JSON.stringify({ n: 3 }) });
    expect(await firstFrameOnSubscribe(server, "cache-a")).toBe("pusher:cache_miss");

    // A new write makes b the most recent: d then evicts c.
    await api.trigger("cache-b", "tick", { n: 4 });
    await api.trigger("cache-d", "tick", { n: 5 });
    expect((await cacheInfo(server, "cache-c")).cache).toBeUndefined();
    expect((await cacheInfo(server, "cache-b")).cache).toMatchObject({ data: JSON.stringify({ n: 4 }) });
    expect(await firstFrameOnSubscribe(server, "cache-d")).toBe("tick");
  });

  it("expires entries by the server's clock", async () => {
    const clock = manualClock();
    const server = await startServer({ cacheTtlSeconds: 60, clock: clock.now });
    await sdk(server).trigger("cache-ttl", "tick", {});
    clock.advance(30_000);
    expect((await cacheInfo(server, "cache-ttl")).cache).toMatchObject({ event: "tick", ttl: 30 });
    clock.advance(30_000);
    expect((await cacheInfo(server, "cache-ttl")).cache).toBeUndefined();
    expect(await firstFrameOnSubscribe(server, "cache-ttl")).toBe("pusher:cache_miss");
  });
});
