// A hand-sent price_channel update naming a market (the console's walkthrough) moves that market page's
// price only; the next trade or re-read (the DB) takes over again.
import { describe, expect, it } from "vitest";
import { initialMarketLiveState, marketLiveReducer } from "@/app/markets/_components/market-live-state";
import { priceHintSchema } from "@/lib/schemas/price-hint";
import type { TradeDto } from "@/lib/schemas/market";

const market = { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" };
const trade = (id: number, price: string): TradeDto => ({ id, marketId: "btcusd", side: "buy", price, amount: "1", createdAt: `2026-01-01T00:00:0${id}.000Z` });
const start = initialMarketLiveState({ market, lastPrice: "100", recentTrades: [trade(1, "100")], asOf: "2026-01-01T00:01:00.000Z" });

describe("the price hint", () => {
  it("moves the last price of the market it names, and no other", () => {
    const moved = marketLiveReducer(start, { type: "price", marketId: "btcusd", price: "12345.67" });
    expect(moved.lastPrice).toBe("12345.67");
    expect(moved.direction).toBe("up");
    expect(moved.recentTrades).toEqual(start.recentTrades);
    expect(marketLiveReducer(start, { type: "price", marketId: "ethusd", price: "1" })).toBe(start);
  });

  it("gives way to the next trade", () => {
    const moved = marketLiveReducer(start, { type: "price", marketId: "btcusd", price: "12345.67" });
    expect(marketLiveReducer(moved, { type: "trades", trades: [trade(2, "101")] }).lastPrice).toBe("101");
  });

  it("needs a market id and a decimal price", () => {
    expect(priceHintSchema.safeParse({ price: "12345.67" }).success).toBe(false);
    expect(priceHintSchema.safeParse({ price: "12,345", marketId: "btcusd" }).success).toBe(false);
    expect(priceHintSchema.safeParse({ price: "12345.67", marketId: "btcusd" }).success).toBe(true);
  });
});
