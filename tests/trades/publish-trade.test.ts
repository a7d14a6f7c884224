// publishTrade through the real `pusher` SDK to our real Channels server, received by real pusher-js
// clients: the seeds' subscriber gets `price`, the submitting socket is left out, a down server is logged.
import PusherJs from "pusher-js";
import type { Channel } from "pusher-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startChannelsServer, type RunningChannelsServer } from "@/lib/channels/index";
import { marketChannel, PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import type { PusherEnv } from "@/lib/pusher/resolve-target";
import { createPusherServer } from "@/lib/pusher/server";
import type { TradeDto } from "@/lib/schemas/market";
import { publishTrade } from "@/lib/trades/publish-trade";

PusherJs.logToConsole = false;

const APP = { id: "424242", key: "publish-test-key", secret: "publish-test-secret" };
let server: RunningChannelsServer | null = null;
const clients: PusherJs[] = [];

function envFor(port: number): PusherEnv {
  return {
    PUSHER_APP_ID: APP.id,
    PUSHER_KEY: APP.key,
    PUSHER_SECRET: APP.secret,
    PUSHER_CLUSTER: undefined,
    PUSHER_URL: undefined,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: port,
    PUSHER_USE_TLS: false,
    CHANNELS_PORT: 6001,
    PUSHER_PUBLIC_HOST: undefined,
    PUSHER_PUBLIC_PORT: undefined,
    PUSHER_ENCRYPTION_MASTER_KEY_BASE64: undefined,
  };
}

function trade(id: number, price: string): TradeDto {
  return { id, marketId: "btcusd", side: "buy", price, amount: "0.25", createdAt: new Date().toISOString() };
}

/** A pusher-js client (Node build) subscribed to `channelName`, resolved once the subscription succeeded. */
async function subscriber(port: number, channelName: string): Promise<{ client: PusherJs; channel: Channel }> {
  const client = new PusherJs(APP.key, { cluster: "mt1", wsHost: "127.0.0.1", wsPort: port, forceTLS: false, enabledTransports: ["ws"] });
  clients.push(client);
  const channel = client.subscribe(channelName);
  await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
  return { client, channel };
}

function nextUpdate(channel: Channel): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const handler = (data: Record<string, unknown>) => {
      channel.unbind(PRICE_EVENT, handler);
      resolve(data);
    };
    channel.bind(PRICE_EVENT, handler);
  });
}

beforeEach(async () => {
  server = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }] });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server?.close();
  server = null;
  vi.restoreAllMocks();
});

describe("publishTrade", () => {
  it("delivers the seeds' price_channel/update with `price`, and the market channel too", async () => {
    const port = server!.port;
    const seedsStyle = await subscriber(port, PRICE_CHANNEL);
    const perMarket = await subscriber(port, marketChannel("btcusd"));
    const received = Promise.all([nextUpdate(seedsStyle.channel), nextUpdate(perMarket.channel)]);

    expect(await publishTrade(createPusherServer(envFor(port)), trade(1, "43250.12"))).toBe(true);

    const [onPriceChannel, onMarketChannel] = await received;
    expect(onPriceChannel.price).toBe("43250.12");
    expect(onPriceChannel).toMatchObject({ marketId: "btcusd", tradeId: 1, side: "buy", amount: "0.25" });
    expect(onMarketChannel).toEqual(onPriceChannel);
  });

  it("leaves out the submitting socket but no one else", async () => {
    const port = server!.port;
    const submitter = await subscriber(port, PRICE_CHANNEL);
    const watcher = await subscriber(port, PRICE_CHANNEL);
    const pusher = createPusherServer(envFor(port));
    const submitterFirst = nextUpdate(submitter.channel);
    const watcherFirst = nextUpdate(watcher.channel);

    await publishTrade(pusher, trade(2, "100"), { excludeSocketId: submitter.client.connection.socket_id });
    expect((await watcherFirst).tradeId).toBe(2);
    // Events on one connection arrive in order: the submitter's first event is the next trade.
    await publishTrade(pusher, trade(3, "101"));
    expect((await submitterFirst).tradeId).toBe(3);
  });

  it("ignores a malformed socket id instead of failing the publish", async () => {
    const port = server!.port;
    const watcher = await subscriber(port, PRICE_CHANNEL);
    const first = nextUpdate(watcher.channel);
    expect(await publishTrade(createPusherServer(envFor(port)), trade(4, "102"), { excludeSocketId: "not-a-socket" })).toBe(true);
    expect((await first).tradeId).toBe(4);
  });

  it("resolves false and logs when the Channels server is down", async () => {
    const port = server!.port;
    await server!.close();
    server = null;
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await expect(publishTrade(createPusherServer(envFor(port)), trade(5, "103"))).resolves.toBe(false);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("trade 5 (btcusd) not announced: network error ECONNREFUSED"));
  });

  it("resolves false and logs when the Channels server refuses the signature", async () => {
    const port = server!.port;
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const wrongSecret = createPusherServer({ ...envFor(port), PUSHER_SECRET: "not-the-secret" });
    await expect(publishTrade(wrongSecret, trade(6, "104"))).resolves.toBe(false);
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/trade 6 \(btcusd\) not announced: HTTP 401/));
  });
});
