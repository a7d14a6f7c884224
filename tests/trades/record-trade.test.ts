// recordTrade against a real migrated SQLite file: what is stored, what is refused (bad input, unknown
// market, a price outside the band around the last price), and that decimals come back digit for digit
// (SQLite keeps DECIMAL as a double).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db";
import { getMarketState } from "@/lib/market/get-market-state";
import { recordTrade } from "@/lib/trades/record-trade";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-record-trade-"));
const databaseUrl = `file:${path.join(dir, "trades.db")}`;
let db: DbClient;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  db = createDbClient(databaseUrl);
  await db.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1 } });
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const valid = { marketId: "btcusd", side: "buy", price: "43250.12", amount: "0.5" };

async function tradeCount(): Promise<number> {
  return db.trade.count();
}

let marketCount = 0;

/** A new market with no trades; with `lastPrice`, one trade at that price already recorded. */
async function newMarket(lastPrice?: string): Promise<string> {
  marketCount += 1;
  const id = `test${marketCount}usd`;
  await db.market.create({ data: { id, name: `TEST${marketCount}/USD`, baseUnit: `test${marketCount}`, quoteUnit: "usd", position: 10 + marketCount } });
  if (lastPrice !== undefined) await db.trade.create({ data: { marketId: id, side: "buy", price: lastPrice, amount: "1" } });
  return id;
}

describe("recordTrade: accepted trades", () => {
  it("stores the trade and returns a plain DTO", async () => {
    const result = await recordTrade(db, valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.trade).toEqual({
      id: expect.any(Number),
      marketId: "btcusd",
      side: "buy",
      price: "43250.12",
      amount: "0.5",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const row = await db.trade.findUniqueOrThrow({ where: { id: result.trade.id } });
    expect(row.price.toFixed()).toBe("43250.12");
    expect(row.amount.toFixed()).toBe("0.5");
    expect(row.userId).toBeNull();
  });

  it("canonicalizes input: trims, drops leading and trailing zeros, completes '.5'", async () => {
    const result = await recordTrade(db, { ...valid, side: "sell", price: "  0043250.1000 ", amount: ".5" });
    expect(result.ok && [result.trade.side, result.trade.price, result.trade.amount]).toEqual(["sell", "43250.1", "0.5"]);
  });

  it.each([
    ["9999999.99999999", "0.00000001"],
    ["1234567.12345678", "999999.12345678"],
    ["0.1", "0.3"],
    ["0.00000003", "1000000"],
    ["10000000", "123456.78901234"],
  ])("round-trips %s x %s exactly (values a float would round)", async (price, amount) => {
    // Each on a market of its own: the first trade of a market may have any valid price (no band yet).
    const marketId = await newMarket();
    const result = await recordTrade(db, { ...valid, marketId, price, amount });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect([result.trade.price, result.trade.amount]).toEqual([price, amount]);
    const state = await getMarketState(marketId, { client: db });
    const stored = state?.recentTrades.find((trade) => trade.id === result.trade.id);
    expect([stored?.price, stored?.amount]).toEqual([price, amount]);
  });

  it("records the trader when one is given", async () => {
    const user = await db.user.create({
      data: { email: "trader@example.test", name: "Trader", passwordHash: "not-a-real-hash", sn: "sn-record-trade-test" },
    });
    const result = await recordTrade(db, valid, { userId: user.id });
    if (!result.ok) throw new Error("expected a recorded trade");
    const row = await db.trade.findUniqueOrThrow({ where: { id: result.trade.id } });
    expect(row.userId).toBe(user.id);
  });

  it("makes the new trade the market's last price", async () => {
    const result = await recordTrade(db, { ...valid, price: "50123.45" });
    if (!result.ok) throw new Error("expected a recorded trade");
    const state = await getMarketState("btcusd", { client: db });
    expect(state?.lastPrice).toBe("50123.45");
    expect(state?.recentTrades[0]?.id).toBe(result.trade.id);
  });
});

describe("recordTrade: refused input writes nothing", () => {
  it.each([
    ["price", "", "Price is required"],
    ["price", "abc", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "1,000", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "1e5", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "+5", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "NaN", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "Infinity", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "0x10", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "1.2.3", "Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
    ["price", "-5", "Price must be greater than zero"],
    ["price", "-0.01", "Price must be greater than zero"],
    ["price", "0", "Price must be greater than zero"],
    ["price", "0.00000000", "Price must be greater than zero"],
    ["price", "1.123456789", "Price can have at most 8 decimal places"],
    ["price", "10000000.00000001", "Price must be at most 10,000,000"],
    ["price", "99999999999999999999", "Price must be at most 10,000,000"],
    ["amount", "0.000000001", "Amount can have at most 8 decimal places"],
    ["amount", "1000000.1", "Amount must be at most 1,000,000"],
    ["amount", "-1", "Amount must be greater than zero"],
    ["amount", "", "Amount is required"],
  ])("%s %j: %s", async (field, value, message) => {
    const before = await tradeCount();
    const result = await recordTrade(db, { ...valid, [field]: value });
    expect(result).toEqual({ ok: false, errors: { [field]: [message] } });
    expect(await tradeCount()).toBe(before);
  });

  it("reports every bad field at once", async () => {
    const result = await recordTrade(db, { marketId: "btcusd", side: "hold", price: "-1", amount: "x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["amount", "price", "side"]);
    expect(result.errors.side).toEqual(["Choose buy or sell"]);
  });

  it.each([["nopeusd"], ["BTC USD"], [""], ["btcusd'; DROP TABLE Trade;--"]])("refuses market %j", async (marketId) => {
    const before = await tradeCount();
    const result = await recordTrade(db, { ...valid, marketId });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.marketId?.length).toBeGreaterThan(0);
    expect(await tradeCount()).toBe(before);
  });

  it("says 'Unknown market' for a well-formed id with no market", async () => {
    expect(await recordTrade(db, { ...valid, marketId: "dogeusd" })).toEqual({ ok: false, errors: { marketId: ["Unknown market"] } });
  });

  it("refuses values that are not strings", async () => {
    const result = await recordTrade(db, { ...valid, price: 43250.12, amount: null });
    expect(result).toEqual({ ok: false, errors: { price: ["Price is required"], amount: ["Amount is required"] } });
  });
});

describe("recordTrade: the price band around the last trade price", () => {
  const band = "Price must be within 20% of the last price (53,520.00 – 80,280.00)";

  it.each([["53520"], ["80280"], ["53520.00000000"], ["66900"], ["80279.99999999"], ["53520.00000001"]])(
    "accepts %s with the last price at 66,900 (exactly ±20% included)",
    async (price) => {
      const marketId = await newMarket("66900");
      const result = await recordTrade(db, { ...valid, marketId, price });
      expect(result.ok).toBe(true);
    },
  );

  it.each([["53519.99999999"], ["80280.00000001"], ["1"], ["10000000"]])(
    "refuses %s with the last price at 66,900 and writes nothing",
    async (price) => {
      const marketId = await newMarket("66900");
      const before = await tradeCount();
      expect(await recordTrade(db, { ...valid, marketId, price })).toEqual({ ok: false, errors: { price: [band] } });
      expect(await tradeCount()).toBe(before);
    },
  );

  it("takes any valid price for a market's first trade", async () => {
    for (const price of ["0.00000001", "10000000"]) {
      const result = await recordTrade(db, { ...valid, marketId: await newMarket(), price });
      expect(result.ok && result.trade.price).toBe(price);
    }
  });

  it("measures from the newest trade, which moves the band", async () => {
    const marketId = await newMarket();
    await db.trade.create({ data: { marketId, side: "buy", price: "100", amount: "1", createdAt: new Date(Date.now() - 60_000) } });
    await db.trade.create({ data: { marketId, side: "sell", price: "66900", amount: "1" } });
    expect(await recordTrade(db, { ...valid, marketId, price: "110" })).toEqual({ ok: false, errors: { price: [band] } });
    // Walking in steps inside the band is allowed, and each step moves the band with it.
    expect((await recordTrade(db, { ...valid, marketId, price: "80280" })).ok).toBe(true);
    expect((await recordTrade(db, { ...valid, marketId, price: "96336" })).ok).toBe(true);
    expect(await recordTrade(db, { ...valid, marketId, price: "66900" })).toEqual({
      ok: false,
      errors: { price: ["Price must be within 20% of the last price (77,068.80 – 115,603.20)"] },
    });
  });

  it("narrows the band to prices with at most 8 decimals (low end up, high end down)", async () => {
    const marketId = await newMarket("0.00000003");
    const only = "Price must be within 20% of the last price (0.00000003 – 0.00000003)";
    expect(await recordTrade(db, { ...valid, marketId, price: "0.00000002" })).toEqual({ ok: false, errors: { price: [only] } });
    expect(await recordTrade(db, { ...valid, marketId, price: "0.00000004" })).toEqual({ ok: false, errors: { price: [only] } });
    expect((await recordTrade(db, { ...valid, marketId, price: "0.00000003" })).ok).toBe(true);
  });

  it("reports a bad field before the band, and an unknown market before either", async () => {
    const marketId = await newMarket("66900");
    expect(await recordTrade(db, { ...valid, marketId, price: "1", amount: "-1" })).toEqual({
      ok: false,
      errors: { amount: ["Amount must be greater than zero"] },
    });
    expect(await recordTrade(db, { ...valid, marketId: "nosuchusd", price: "1" })).toEqual({ ok: false, errors: { marketId: ["Unknown market"] } });
  });
});
