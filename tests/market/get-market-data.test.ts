// The market data functions against a real migrated SQLite file: DTOs with exact decimal strings,
// the 24h window and candle range bounds, watermarks, ordering and the viewer's own trades.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db";
import { getCandlePreview, getCandles } from "@/lib/market/get-candles";
import { getMarketSummaries } from "@/lib/market/get-market-summaries";
import { getMyRecentTrades, getRecentTrades } from "@/lib/market/get-recent-trades";
import { getTicker } from "@/lib/market/get-ticker";
import { candlesDtoSchema, tickerDtoSchema, tradeDtoSchema } from "@/lib/schemas/market";
import { applyMigrations } from "@/scripts/lib/migrations";
import { insertTrades } from "@/tests/support/insert-trades";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-market-data-"));
const databaseUrl = `file:${path.join(dir, "market.db")}`;
const NOW = new Date("2026-01-02T12:00:00.000Z");
const HOUR = 3_600_000;
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow);
let client: DbClient;
let userId: string;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  client = createDbClient(databaseUrl);
  await client.market.createMany({
    data: [
      { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1 },
      { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", position: 2 },
      { id: "emptyusd", name: "EMPTY/USD", baseUnit: "empty", quoteUnit: "usd", position: 3 },
    ],
  });
  const user = await client.user.create({ data: { email: "a@example.test", name: "A", passwordHash: "x", sn: "sn-a" } });
  userId = user.id;
  // Inserted in time order, so ids grow with time as they do when the app records trades; with their
  // candles, as every writer records them.
  await insertTrades(client, [
    { marketId: "btcusd", side: "buy", price: "90", amount: "5", createdAt: at(30 * HOUR) },
    { marketId: "btcusd", side: "buy", price: "100", amount: "0.1", createdAt: at(24 * HOUR) }, // exactly 24h: outside
    { marketId: "btcusd", side: "sell", price: "100.1", amount: "0.2", createdAt: at(2 * HOUR) },
    { marketId: "btcusd", side: "buy", price: "100.3", amount: "0.00000001", createdAt: at(2 * HOUR), userId },
    { marketId: "btcusd", side: "sell", price: "99.9", amount: "0.1", createdAt: at(90_000) },
    { marketId: "btcusd", side: "buy", price: "100.2", amount: "0.7", createdAt: at(30_000), userId },
    { marketId: "btcusd", side: "buy", price: "1000", amount: "1", createdAt: new Date(NOW.getTime() + 60_000) }, // future
    { marketId: "ethusd", side: "sell", price: "3180.5", amount: "2", createdAt: at(48 * HOUR) },
  ]);
});

afterAll(async () => {
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("getTicker", () => {
  it("computes the window from the DB with exact decimals", async () => {
    const ticker = tickerDtoSchema.parse(await getTicker("btcusd", { client, now: NOW }));
    expect(ticker).toMatchObject({
      marketId: "btcusd",
      last: "100.2",
      open24h: "100.1",
      change: "0.1",
      changePercent: "0.10",
      high: "100.3",
      low: "99.9",
      volume: "1.00000001",
      tradeCount: 4,
      direction: "up",
      asOf: NOW.toISOString(),
    });
  });

  it("keeps the last price of a market whose trades are all older than 24h", async () => {
    expect(await getTicker("ethusd", { client, now: NOW })).toMatchObject({
      last: "3180.5", open24h: null, change: null, high: null, volume: "0", tradeCount: 0, direction: "flat",
    });
  });

  it("returns an empty ticker for a market without trades", async () => {
    expect(await getTicker("emptyusd", { client, now: NOW })).toMatchObject({
      last: null, volume: "0", direction: "flat", lastTradeId: null, lastTradeAt: null,
    });
  });
});

describe("getCandles", () => {
  it("aggregates the bounded range into DTO candles with the snapshot watermark", async () => {
    const dto = candlesDtoSchema.parse(await getCandles("btcusd", "1h", { client, now: NOW, limit: 24 }));
    // 24 hourly buckets ending with the one holding NOW: [NOW - 23h, NOW + 1h); the future trade is in it.
    expect(dto.candles).toEqual([
      { time: at(2 * HOUR).getTime() / 1000, open: "100.1", high: "100.3", low: "100.1", close: "100.3", volume: "0.20000001" },
      { time: at(HOUR).getTime() / 1000, open: "99.9", high: "100.2", low: "99.9", close: "100.2", volume: "0.8" },
      { time: NOW.getTime() / 1000, open: "1000", high: "1000", low: "1000", close: "1000", volume: "1" },
    ]);
    const maxId = await client.trade.aggregate({ where: { marketId: "btcusd" }, _max: { id: true } });
    expect(dto.lastTradeId).toBe(maxId._max.id);
  });

  it("uses the default bound per interval and returns nothing for an empty market", async () => {
    const dto = await getCandles("emptyusd", "1m", { client, now: NOW });
    expect(dto).toEqual({ marketId: "emptyusd", interval: "1m", candles: [], lastTradeId: null });
  });
});

describe("getCandlePreview", () => {
  it("gives the market page the newest candle and the count of the history, not the history", async () => {
    const history = await getCandles("btcusd", "1h", { client, now: NOW });
    expect(history.candles.length).toBeGreaterThan(1);
    expect(await getCandlePreview("btcusd", "1h", { client, now: NOW })).toEqual({ interval: "1h", latest: history.candles.at(-1), count: history.candles.length });
    expect(await getCandlePreview("emptyusd", "1d", { client, now: NOW })).toEqual({ interval: "1d", latest: null, count: 0 });
  });
});

describe("getRecentTrades", () => {
  it("lists newest first as DTOs, marking the viewer's own trades only when a viewer is given", async () => {
    const anonymous = await getRecentTrades("btcusd", { client, limit: 3 });
    expect(anonymous.map((t) => t.price)).toEqual(["1000", "100.2", "99.9"]);
    expect(anonymous.every((t) => t.mine === undefined && t.userId === undefined)).toBe(true);
    for (const trade of anonymous) tradeDtoSchema.parse(trade);
    const viewer = await getRecentTrades("btcusd", { client, viewerUserId: userId });
    expect(viewer.filter((t) => t.mine).map((t) => t.amount)).toEqual(["0.7", "0.00000001"]);
  });

  it("breaks equal timestamps by id, newest first", async () => {
    const trades = await getRecentTrades("btcusd", { client });
    const tied = trades.filter((t) => t.createdAt === at(2 * HOUR).toISOString());
    expect(tied.map((t) => t.price)).toEqual(["100.3", "100.1"]);
    expect(tied[0]!.id).toBeGreaterThan(tied[1]!.id);
  });

  it("reads the viewer's own trades for the Mine tab", async () => {
    const mine = await getMyRecentTrades("btcusd", userId, { client });
    expect(mine.map((t) => [t.price, t.mine])).toEqual([["100.2", true], ["100.3", true]]);
  });
});

describe("getMarketSummaries", () => {
  it("lists markets in position order with their last price", async () => {
    expect(await getMarketSummaries({ client })).toEqual([
      { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", last: "1000" },
      { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", last: "3180.5" },
      { id: "emptyusd", name: "EMPTY/USD", baseUnit: "empty", quoteUnit: "usd", last: null },
    ]);
  });
});
