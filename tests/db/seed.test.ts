// Seeding: demo markets with a deterministic 24h+ history on a fresh database, and nothing twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/db";
import { aggregateCandles } from "@/lib/market/candles";
import { DEMO_MARKET_RULES } from "@/lib/seed/seed-exchange";
import { seedMarkets } from "@/lib/seed/seed-markets";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-seed-"));
const databaseUrl = `file:${path.join(dir, "seed.db")}`;
const now = new Date("2026-01-02T12:00:00Z");

beforeAll(async () => {
  await applyMigrations(databaseUrl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("seedMarkets", () => {
  it("creates btcusd and ethusd with a history covering the last 24 hours", async () => {
    const client = createDbClient(databaseUrl);
    try {
      const result = await seedMarkets(client, now);
      expect(Object.keys(result).sort()).toEqual(["btcusd", "ethusd"]);
      const markets = await client.market.findMany({ orderBy: { position: "asc" } });
      expect(markets.map((market) => [market.id, market.name])).toEqual([
        ["btcusd", "BTC/USD"],
        ["ethusd", "ETH/USD"],
      ]);
      for (const market of markets) {
        const trades = await client.trade.findMany({ where: { marketId: market.id }, orderBy: { createdAt: "asc" } });
        expect(trades.length).toBeGreaterThanOrEqual(200);
        const first = trades[0]!;
        const last = trades.at(-1)!;
        expect(now.getTime() - first.createdAt.getTime()).toBeGreaterThan(24 * 60 * 60 * 1000);
        expect(last.createdAt.getTime()).toBeLessThan(now.getTime());
        for (const trade of trades) {
          expect(trade.price.isPositive()).toBe(true);
          expect(trade.price.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(trade.amount.isPositive()).toBe(true);
          expect(["buy", "sell"]).toContain(trade.side);
        }
      }
    } finally {
      await client.$disconnect();
    }
  });

  it("seeds weeks of history, so 1d candles show weeks and 1h candles two full weeks, with amounts on the market's lot", async () => {
    const client = createDbClient(databaseUrl);
    try {
      for (const marketId of ["btcusd", "ethusd"]) {
        const trades = await client.trade.findMany({ where: { marketId }, select: { id: true, price: true, amount: true, createdAt: true } });
        const input = trades.map((trade) => ({ ...trade, price: trade.price.toFixed(), amount: trade.amount.toFixed() }));
        // Eight weeks: a daily candle for (nearly) every day, not two.
        expect(aggregateCandles(input, "1d").length).toBeGreaterThanOrEqual(50);
        // The newest two weeks of hours mostly have trades (1h candles read as candles, with few gaps).
        const twoWeeksAgo = new Date(now.getTime() - 14 * 24 * 3_600_000);
        expect(aggregateCandles(input, "1h", { from: twoWeeksAgo }).length).toBeGreaterThan(14 * 24 * 0.6);
        // Every amount is a whole number of lots (the book, tape and forms show amounts at the lot's decimals).
        const lotDecimals = DEMO_MARKET_RULES[marketId]!.lotSize.split(".")[1]!.length;
        for (const trade of trades) expect(trade.amount.decimalPlaces()).toBeLessThanOrEqual(lotDecimals);
      }
    } finally {
      await client.$disconnect();
    }
  });

  it("is idempotent: a second run keeps the markets and adds no trades", async () => {
    const client = createDbClient(databaseUrl);
    try {
      const before = await client.trade.count();
      expect(await seedMarkets(client, now)).toEqual({ btcusd: 0, ethusd: 0 });
      expect(await client.trade.count()).toBe(before);
      expect(await client.market.count()).toBe(2);
    } finally {
      await client.$disconnect();
    }
  });
});
