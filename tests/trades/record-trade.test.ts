// recordTrade against a real migrated SQLite file: what is stored, what is refused, and that decimals
// come back digit for digit (SQLite keeps DECIMAL as a double).
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
    const result = await recordTrade(db, { ...valid, price, amount });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect([result.trade.price, result.trade.amount]).toEqual([price, amount]);
    const state = await getMarketState("btcusd", { client: db });
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
