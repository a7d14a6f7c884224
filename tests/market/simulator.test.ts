// runSimulator end to end: trades recorded through recordTrade into a migrated SQLite file and
// announced through publishTrade, the real `pusher` SDK and our Channels server, to a real pusher-js
// subscriber; bounded by count, duration and abort.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import PusherJs from "pusher-js";
import type { Channel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChannelsServer, type RunningChannelsServer } from "@/lib/channels/index";
import { createDbClient, type DbClient } from "@/lib/db";
import { PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import type { PusherEnv } from "@/lib/pusher/resolve-target";
import { createPusherServer } from "@/lib/pusher/server";
import { priceUpdateSchema, type PriceUpdate } from "@/lib/schemas/trade";
import { createSeededRandom } from "@/lib/simulator/random-walk";
import { runSimulator } from "@/lib/simulator/run-simulator";
import { publishTrade } from "@/lib/trades/publish-trade";
import { applyMigrations } from "@/scripts/lib/migrations";

PusherJs.logToConsole = false;

const APP = { id: "515151", key: "simulate-test-key", secret: "simulate-test-secret" };
const dir = mkdtempSync(path.join(tmpdir(), "peatio-simulate-"));
const databaseUrl = `file:${path.join(dir, "simulate.db")}`;
let client: DbClient;
let server: RunningChannelsServer;
let subscriber: PusherJs;
let channel: Channel;
const received: PriceUpdate[] = [];

function pusherEnv(port: number): PusherEnv {
  return {
    PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_CLUSTER: undefined, PUSHER_URL: undefined,
    PUSHER_HOST: "127.0.0.1", PUSHER_PORT: port, PUSHER_USE_TLS: false, CHANNELS_PORT: 6001,
    PUSHER_PUBLIC_HOST: undefined, PUSHER_PUBLIC_PORT: undefined, PUSHER_ENCRYPTION_MASTER_KEY_BASE64: undefined,
  };
}

/** Resolves once `count` events are in `received`. */
function receivedCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length >= count) {
        channel.unbind(PRICE_EVENT, check);
        resolve();
      }
    };
    channel.bind(PRICE_EVENT, check);
    check();
  });
}

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  client = createDbClient(databaseUrl);
  await client.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" } });
  await client.trade.create({ data: { marketId: "btcusd", side: "buy", price: "64500", amount: "0.1" } });
  server = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }] });
  subscriber = new PusherJs(APP.key, { cluster: "mt1", wsHost: "127.0.0.1", wsPort: server.port, forceTLS: false, enabledTransports: ["ws"] });
  channel = subscriber.subscribe(PRICE_CHANNEL);
  channel.bind(PRICE_EVENT, (data: unknown) => received.push(priceUpdateSchema.parse(data)));
  await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
});

afterAll(async () => {
  subscriber.disconnect();
  await server.close();
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("runSimulator", () => {
  it("records --count trades through recordTrade and announces each on price_channel", async () => {
    const pusher = createPusherServer(pusherEnv(server.port));
    const result = await runSimulator({
      db: client,
      publish: (trade) => publishTrade(pusher, trade),
      marketId: "btcusd",
      rate: 100,
      count: 8,
      random: createSeededRandom(1),
    });
    expect(result).toEqual({ recorded: 8, published: 8, rejected: 0 });
    const rows = await client.trade.findMany({ where: { marketId: "btcusd", userId: null }, orderBy: { id: "asc" }, skip: 1 });
    expect(rows).toHaveLength(8);
    await receivedCount(8);
    expect(received.map((event) => event.tradeId)).toEqual(rows.map((row) => row.id));
    expect(received.map((event) => event.price)).toEqual(rows.map((row) => row.price.toFixed()));
    // A random walk around the last price: every step within 0.15% of the one before.
    let previous = 64500;
    for (const event of received) {
      expect(Math.abs(Number(event.price) - previous) / previous).toBeLessThanOrEqual(0.0016);
      previous = Number(event.price);
    }
  });

  it("stops at once when aborted, and after --duration", async () => {
    const before = await client.trade.count();
    const controller = new AbortController();
    controller.abort();
    const publish = async () => true;
    expect(await runSimulator({ db: client, publish, marketId: "btcusd", rate: 1, signal: controller.signal })).toEqual({
      recorded: 0, published: 0, rejected: 0,
    });
    const timed = await runSimulator({ db: client, publish, marketId: "btcusd", rate: 20, durationMs: 300 });
    expect(timed.recorded).toBeGreaterThan(0);
    expect(timed.recorded).toBeLessThanOrEqual(7);
    expect(await client.trade.count()).toBe(before + timed.recorded);
  });

  it("fails on an unknown market instead of looping", async () => {
    await expect(runSimulator({ db: client, publish: async () => true, marketId: "nopeusd", rate: 10, count: 1 })).rejects.toThrow(/nopeusd/);
  });
});
