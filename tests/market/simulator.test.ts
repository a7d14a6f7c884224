// runSimulator end to end: the market bots place and cancel orders through placeOrder / cancelOrder on a
// migrated, seeded SQLite file and announce them through announceExchangeUpdate, the real `pusher` SDK
// and our Channels server, to real pusher-js subscribers; bounded by count, duration and abort.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import PusherJs from "pusher-js";
import type { Channel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChannelsServer, type RunningChannelsServer } from "@/lib/channels/index";
import { createDbClient, type DbClient } from "@/lib/db";
import { announceExchangeUpdate } from "@/lib/exchange/announce-exchange-update";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { BOOK_EVENT, marketGlobalChannel, PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import type { PusherEnv } from "@/lib/pusher/resolve-target";
import { createPusherServer } from "@/lib/pusher/server";
import { bookUpdateSchema, type BookUpdate } from "@/lib/schemas/order";
import { priceUpdateSchema, type PriceUpdate } from "@/lib/schemas/trade";
import { seedExchange } from "@/lib/seed/seed-exchange";
import { readMarketBots } from "@/lib/simulator/market-bots";
import { createSeededRandom } from "@/lib/simulator/random-walk";
import { runSimulator } from "@/lib/simulator/run-simulator";
import { applyMigrations } from "@/scripts/lib/migrations";
import { invariantProblems } from "../exchange/support/exchange-db";
import { loopbackPusherEnv } from "../support/pusher-env";

PusherJs.logToConsole = false;

const APP = { id: "515151", key: "simulate-test-key", secret: "simulate-test-secret" };
const dir = mkdtempSync(path.join(tmpdir(), "peatio-simulate-"));
const databaseUrl = `file:${path.join(dir, "simulate.db")}`;
let client: DbClient;
let server: RunningChannelsServer;
let subscriber: PusherJs;
let prices: Channel;
let book: Channel;
let bots: { makerId: string; takerId: string };
const received: PriceUpdate[] = [];
const books: BookUpdate[] = [];

function pusherEnv(port: number): PusherEnv {
  return loopbackPusherEnv(APP, port);
}

/** Resolves once `count` price updates are in `received`. */
function receivedCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length >= count) {
        prices.unbind(PRICE_EVENT, check);
        resolve();
      }
    };
    prices.bind(PRICE_EVENT, check);
    check();
  });
}

function subscribed(channel: Channel): Promise<void> {
  return new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
}

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  client = createDbClient(databaseUrl);
  await client.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" } });
  await client.trade.create({ data: { marketId: "btcusd", side: "buy", price: "64500", amount: "0.1" } });
  // Currencies, rules, the two bots with their funds, and a seeded book around 64,500.
  expect((await seedExchange(client)).orders).toEqual({ btcusd: 20, ethusd: 0 });
  bots = await readMarketBots(client);
  server = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }] });
  subscriber = new PusherJs(APP.key, { cluster: "mt1", wsHost: "127.0.0.1", wsPort: server.port, forceTLS: false, enabledTransports: ["ws"] });
  prices = subscriber.subscribe(PRICE_CHANNEL);
  prices.bind(PRICE_EVENT, (data: unknown) => received.push(priceUpdateSchema.parse(data)));
  book = subscriber.subscribe(marketGlobalChannel("btcusd"));
  book.bind(BOOK_EVENT, (data: unknown) => books.push(bookUpdateSchema.parse(data)));
  await Promise.all([subscribed(prices), subscribed(book)]);
});

afterAll(async () => {
  subscriber.disconnect();
  await server.close();
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("runSimulator", () => {
  it("makes --count trades between the bots through placeOrder, announces each, and keeps a book on both sides", async () => {
    const pusher = createPusherServer(pusherEnv(server.port));
    const announce = (update: ExchangeUpdate) => announceExchangeUpdate(pusher, client, update, { privateChannel: (sn) => `private-user-${sn}`, waitForTickers: false });
    const result = await runSimulator({ db: client, announce, marketId: "btcusd", ...bots, rate: 100, count: 8, random: createSeededRandom(1) });
    expect(result).toMatchObject({ recorded: 8, published: 8, rejected: 0 });
    const fills = await client.trade.findMany({ where: { marketId: "btcusd", makerOrderId: { not: null } }, orderBy: { id: "asc" } });
    expect(fills).toHaveLength(8);
    expect(fills.every((fill) => fill.userId === bots.takerId && fill.makerUserId === bots.makerId)).toBe(true);
    await receivedCount(8);
    expect(received.map((event) => event.tradeId)).toEqual(fills.map((row) => row.id));
    expect(received.map((event) => event.price)).toEqual(fills.map((row) => row.price.toFixed()));
    // Trades happen at the best quote, near the last price: each within 1% of the one before.
    let previous = 64500;
    for (const event of received) {
      expect(Math.abs(Number(event.price) - previous) / previous).toBeLessThanOrEqual(0.01);
      previous = Number(event.price);
    }
    // The book stays two-sided, and its updates carried rising sequences up to the stored one.
    const stored = await readOrderBook(client, "btcusd");
    expect(stored?.asks.length).toBeGreaterThanOrEqual(5);
    expect(stored?.bids.length).toBeGreaterThanOrEqual(5);
    await expect.poll(() => books.at(-1)?.sequence).toBe(stored?.sequence);
    const sequences = books.map((update) => update.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(await invariantProblems(client)).toEqual([]);
  });

  it("stops at once when aborted, and after --duration", async () => {
    const before = await client.trade.count();
    const controller = new AbortController();
    controller.abort();
    const announce = async () => true;
    expect(await runSimulator({ db: client, announce, marketId: "btcusd", ...bots, rate: 1, signal: controller.signal })).toEqual({
      recorded: 0, published: 0, rejected: 0, placed: 0, cancelled: 0,
    });
    const timed = await runSimulator({ db: client, announce, marketId: "btcusd", ...bots, rate: 20, durationMs: 300 });
    expect(timed.recorded).toBeGreaterThan(0);
    expect(timed.recorded).toBeLessThanOrEqual(7);
    expect(await client.trade.count()).toBe(before + timed.recorded);
  });

  it("fails on an unknown market instead of looping", async () => {
    await expect(runSimulator({ db: client, announce: async () => true, marketId: "nopeusd", ...bots, rate: 10, count: 1 })).rejects.toThrow(/nopeusd/);
  });
});
