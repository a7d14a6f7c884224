// Demo funds and the seeded book on a real SQLite file: seeding grants the demo traders and the bots
// once (a re-seed grants nothing and places nothing), the book has the maker's levels on both sides
// around the last trade, and a sign-up gets DEMO_GRANT in the same transaction as the account.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/scripts/lib/migrations";
import { invariantProblems, totalsByCurrency } from "../support/exchange-db";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-seed-exchange-"));
process.env.DATABASE_URL = `file:${path.join(dir, "seed.db")}`;
// Imported after DATABASE_URL is set: registerUser's shared `db` client opens that file.
const { db } = await import("@/lib/db");
const { registerUser } = await import("@/lib/auth/register-user");
const { readBalances } = await import("@/lib/exchange/read-balances");
const { readOrderBook } = await import("@/lib/exchange/read-order-book");
const { seedMarkets } = await import("@/lib/seed/seed-markets");
const { seedUsers } = await import("@/lib/seed/seed-users");
const { seedExchange } = await import("@/lib/seed/seed-exchange");

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL ?? "");
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

// Seeding eight weeks of history per market takes ~12 s on a quiet 2-core machine: a limit for a loaded one, not a time assertion.
describe("seeding the exchange", { timeout: 90_000 }, () => {
  it("grants the demo traders and bots, rests ten levels a side per market, and does both only once", async () => {
    await seedMarkets(db, new Date());
    await seedUsers(db);
    const first = await seedExchange(db);
    expect(first.granted.sort()).toEqual(["alice@example.com", "bob@example.com", "market-maker@bots.invalid", "market-taker@bots.invalid"]);
    expect(first.orders).toEqual({ btcusd: 20, ethusd: 20 });

    const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    expect(await readBalances(db, alice.id)).toEqual({
      accounts: [
        { currency: "usd", balance: "100000.00000000", locked: "0.00000000" },
        { currency: "btc", balance: "2.00000000", locked: "0.00000000" },
        { currency: "eth", balance: "30.00000000", locked: "0.00000000" },
      ],
    });
    for (const marketId of ["btcusd", "ethusd"]) {
      const book = await readOrderBook(db, marketId);
      expect(book?.asks).toHaveLength(10);
      expect(book?.bids).toHaveLength(10);
      const last = (await db.trade.findFirstOrThrow({ where: { marketId, makerOrderId: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).price.toNumber();
      // Best bid < last trade < best ask, the spread within 0.25%.
      expect(Number(book?.bids[0]?.[0])).toBeLessThan(last);
      expect(Number(book?.asks[0]?.[0])).toBeGreaterThan(last);
      expect((Number(book?.asks[0]?.[0]) - Number(book?.bids[0]?.[0])) / last).toBeLessThan(0.0025);
    }
    expect(await invariantProblems(db)).toEqual([]);

    const totals = await totalsByCurrency(db);
    const again = await seedExchange(db);
    expect(again).toEqual({ granted: [], orders: { btcusd: 0, ethusd: 0 } });
    expect(await totalsByCurrency(db)).toEqual(totals);
  });

  it("a sign-up starts with the demo grant: 100,000 USD, 2 BTC, 30 ETH", async () => {
    const registered = await registerUser({ name: "Zoe", email: "zoe@example.com", password: "a-long-password" });
    if (!registered.ok) throw new Error(registered.reason);
    expect((await readBalances(db, registered.user.id)).accounts).toEqual([
      { currency: "usd", balance: "100000.00000000", locked: "0.00000000" },
      { currency: "btc", balance: "2.00000000", locked: "0.00000000" },
      { currency: "eth", balance: "30.00000000", locked: "0.00000000" },
    ]);
    // A taken email creates nothing and grants nothing.
    const accounts = await db.account.count();
    expect(await registerUser({ name: "Zoe", email: "zoe@example.com", password: "a-long-password" })).toEqual({ ok: false, reason: "email-taken" });
    expect(await db.account.count()).toBe(accounts);
  });
});
