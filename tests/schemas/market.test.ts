// The market DTO and route schemas (lib/schemas/market.ts): strict decimal strings, market ids as routes get them
// (never trimmed: " btcusd " is not a market), candle intervals, and DTOs that keep every field they carry.
import { describe, expect, it } from "vitest";
import {
  CANDLE_INTERVALS,
  candleDtoSchema,
  candleIntervalSchema,
  candlesDtoSchema,
  candlesQuerySchema,
  decimalStringSchema,
  directionSchema,
  MARKET_ID_PATTERN,
  marketIdSchema,
  marketSummarySchema,
  tickerDtoSchema,
  tradeDtoSchema,
  tradeSideSchema,
} from "@/lib/schemas/market";

describe("decimalStringSchema", () => {
  it.each(["0", "7", "65432.1", "0.00000001", "-3", "-0.5", "12345678901234567890.12345678"])("accepts %j", (text) => {
    expect(decimalStringSchema.parse(text)).toBe(text);
  });

  it.each(["", "-", "1.", ".5", "--1", "+1", "1e5", "1,5", " 1", "1 ", "x1", "1x", "1.2.3", "1.x", "NaN"])("refuses %j as not a decimal string", (text) => {
    expect(decimalStringSchema.safeParse(text).error?.issues[0]?.message).toBe("expected a decimal string");
  });
});

describe("market ids", () => {
  it.each(["btcusd", "ethusd", "ab", "a1", "x".repeat(20)])("accepts %j", (id) => {
    expect(marketIdSchema.parse(id)).toBe(id);
    expect(MARKET_ID_PATTERN.test(id)).toBe(true);
  });

  it.each([" btcusd ", " btcusd", "btcusd ", "BTCUSD", "btc-usd", "btc/usd", "a", "x".repeat(21), "", "btcusd\n", "../btcusd"])("refuses %j as an unknown market", (id) => {
    expect(marketIdSchema.safeParse(id).error?.issues[0]?.message).toBe("unknown market");
  });
});

describe("enums", () => {
  it("offer the chart's intervals in display order, the two sides and three directions", () => {
    expect(CANDLE_INTERVALS).toEqual(["1m", "5m", "1h", "1d"]);
    for (const interval of CANDLE_INTERVALS) expect(candleIntervalSchema.parse(interval)).toBe(interval);
    expect(candleIntervalSchema.safeParse("15m").success).toBe(false);
    expect(tradeSideSchema.options).toEqual(["buy", "sell"]);
    expect(directionSchema.options).toEqual(["up", "down", "flat"]);
    expect(directionSchema.safeParse("sideways").success).toBe(false);
  });

  it("default the candles query to 1m and refuse other intervals", () => {
    expect(candlesQuerySchema.parse({})).toEqual({ interval: "1m" });
    expect(candlesQuerySchema.parse({ interval: "1h" })).toEqual({ interval: "1h" });
    expect(candlesQuerySchema.safeParse({ interval: "2m" }).success).toBe(false);
  });
});

describe("DTOs keep every field", () => {
  const trade = { id: 7, marketId: "btcusd", side: "buy", price: "1.5", amount: "2", createdAt: "2026-01-02T03:04:05.000Z", userId: "u1", mine: true };
  const ticker = {
    marketId: "btcusd",
    last: "101",
    open24h: "100",
    change: "1",
    changePercent: "1.00",
    high: "102",
    low: "99",
    volume: "3.5",
    tradeCount: 4,
    direction: "up",
    lastTradeId: 9,
    lastTradeAt: "2026-01-02T03:04:05.000Z",
    asOf: "2026-01-02T03:05:00.000Z",
  };
  const candle = { time: 1_767_323_040, open: "1", high: "2", low: "0.5", close: "1.5", volume: "10" };

  it.each<[string, { parse: (value: unknown) => unknown; safeParse: (value: unknown) => { success: boolean } }, Record<string, unknown>, Record<string, unknown>[]]>([
    ["trade", tradeDtoSchema, trade, [{ id: 0 }, { side: "hold" }, { price: "1e5" }, { amount: "x" }, { createdAt: "now" }, { mine: "yes" }]],
    ["ticker", tickerDtoSchema, ticker, [{ volume: null }, { tradeCount: -1 }, { direction: "sideways" }, { lastTradeId: 0 }, { asOf: "now" }, { last: "1e2" }]],
    ["candle", candleDtoSchema, candle, [{ time: 1.5 }, { open: "x" }, { volume: "-" }]],
    ["candles", candlesDtoSchema, { marketId: "btcusd", interval: "5m", candles: [candle], lastTradeId: null }, [{ interval: "2m" }, { candles: [{}] }, { lastTradeId: -1 }]],
    ["market summary", marketSummarySchema, { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", last: "1" }, [{ name: 1 }, { last: "one" }]],
  ])("%s: parses to itself and refuses bad fields", (_label, schema, valid, bad) => {
    expect(schema.parse(valid)).toEqual(valid);
    for (const change of bad) expect(schema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it("accepts the nulls and omissions the DTOs allow", () => {
    const bare = { id: 7, marketId: "btcusd", side: "buy", price: "1.5", amount: "2", createdAt: "2026-01-02T03:04:05.000Z" };
    expect(tradeDtoSchema.parse({ ...bare, userId: null })).toEqual({ ...bare, userId: null });
    const empty = { ...ticker, last: null, open24h: null, change: null, changePercent: null, high: null, low: null, lastTradeId: null, lastTradeAt: null };
    expect(tickerDtoSchema.parse(empty)).toEqual(empty);
    expect(marketSummarySchema.parse({ id: "x", name: "X", baseUnit: "x", quoteUnit: "y" })).toEqual({ id: "x", name: "X", baseUnit: "x", quoteUnit: "y" });
  });
});
