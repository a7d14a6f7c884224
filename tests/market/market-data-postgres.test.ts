// The market data reads on PostgreSQL (issue 12) answer exactly what the SQLite fast path answers: the
// same trades (with their candles, recorded the way every writer records them) in a migrated SQLite file
// and in a real PostgreSQL database, then every read compared, at several clocks: the 24h ticker (edges of
// the window, partial minutes), candles of every interval, the tape, the viewer's own trades, the selector,
// the market page's state and market ids.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db-client";
import { getCandles } from "@/lib/market/get-candles";
import { getMarketState } from "@/lib/market/get-market-state";
import { getMarketSummaries } from "@/lib/market/get-market-summaries";
import { getMyRecentTrades, getRecentTrades } from "@/lib/market/get-recent-trades";
import { getTicker } from "@/lib/market/get-ticker";
import { marketExists } from "@/lib/market/market-exists";
import { createSeededRandom } from "@/lib/simulator/random-walk";
import type { Prisma } from "@/lib/generated/prisma/client";
import { insertTrades } from "@/tests/support/insert-trades";
import { createMigratedDatabase } from "@/tests/support/migrated-database";
import { postgresForFile } from "@/tests/support/postgres";

const postgres = postgresForFile();
const dir = mkdtempSync(path.join(tmpdir(), "peatio-market-data-pg-"));
const NOW = new Date("2026-01-02T12:00:00.000Z");
const HOUR = 3_600_000;
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow);
/** The clocks the reads run at: aligned, mid-minute, odd milliseconds, after the last trade. */
const CLOCKS = [NOW, new Date(NOW.getTime() - 90_000), new Date(NOW.getTime() - 13 * HOUR + 1), new Date(NOW.getTime() + 2 * HOUR)];
let sqlite: DbClient;
let pg: DbClient;
const users: Record<"sqlite" | "pg", string> = { sqlite: "", pg: "" };

/** Edge trades (the window's ends, equal times, the future, 8 decimals) and a random day and a half of them. */
function tradeSet(userId: string): Prisma.TradeCreateManyInput[] {
  const random = createSeededRandom(7);
  const trades: Prisma.TradeCreateManyInput[] = [
    { marketId: "btcusd", side: "buy", price: "90", amount: "5", createdAt: at(30 * HOUR) },
    { marketId: "btcusd", side: "buy", price: "100", amount: "0.1", createdAt: at(24 * HOUR) },
    { marketId: "btcusd", side: "sell", price: "100.1", amount: "0.2", createdAt: at(2 * HOUR) },
    { marketId: "btcusd", side: "buy", price: "100.3", amount: "0.00000001", createdAt: at(2 * HOUR), userId },
    { marketId: "ethusd", side: "sell", price: "3180.5", amount: "2", createdAt: at(48 * HOUR) },
  ];
  // Around every clock's window (c - 24h, c]: the excluded start, the first included millisecond, equal
  // times (ties go by id), the last included millisecond, the excluded next one.
  for (const [index, clock] of CLOCKS.entries()) {
    const start = clock.getTime() - 24 * HOUR;
    for (const [offset, price] of [[0, "80"], [1, "81.5"], [700, "82"], [700, "82.25"], [24 * HOUR, "120"], [24 * HOUR + 1, "121"]] as const) {
      trades.push({ marketId: "btcusd", side: index % 2 === 0 ? "buy" : "sell", price, amount: "0.0101", createdAt: new Date(start + offset) });
    }
  }
  for (let index = 0; index < 150; index += 1) {
    const msBefore = Math.floor(random() * 36 * HOUR);
    trades.push({
      marketId: "btcusd",
      side: random() < 0.5 ? "buy" : "sell",
      price: (95 + Math.floor(random() * 1000) / 100).toFixed(2),
      amount: (Math.floor(random() * 1_000_000) / 1e6 + 0.000001).toFixed(6),
      createdAt: at(msBefore),
      userId: random() < 0.2 ? userId : null,
    });
  }
  trades.push({ marketId: "btcusd", side: "buy", price: "1000", amount: "1", createdAt: new Date(NOW.getTime() + 60_000) });
  return trades;
}

async function fill(client: DbClient): Promise<string> {
  await client.market.createMany({
    data: [
      { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1 },
      { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", position: 2 },
      { id: "emptyusd", name: "EMPTY/USD", baseUnit: "empty", quoteUnit: "usd", position: 3 },
    ],
  });
  const user = await client.user.create({ data: { email: "a@example.test", name: "A", passwordHash: "x", sn: "sn-a" } });
  // In time order, so ids grow with time on both (as when the app records them).
  const trades = tradeSet(user.id).sort((a, b) => new Date(a.createdAt ?? 0).getTime() - new Date(b.createdAt ?? 0).getTime());
  // A few trades a transaction: insertTrades' transaction has Prisma's 5 s limit, and this machine is shared.
  for (let start = 0; start < trades.length; start += 20) await insertTrades(client, trades.slice(start, start + 20));
  return user.id;
}

beforeAll(async () => {
  const file = path.join(dir, "market.db");
  await createMigratedDatabase(file);
  sqlite = createDbClient(`file:${file}`);
  pg = createDbClient(await postgres.createMigratedDatabase());
  users.sqlite = await fill(sqlite);
  users.pg = await fill(pg);
});

afterAll(async () => {
  await sqlite?.$disconnect();
  await pg?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** `value` with the viewer's user id replaced, so both databases' answers compare. */
function same<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll(users.pg, "USER").replaceAll(users.sqlite, "USER")) as T;
}


describe("market data reads on PostgreSQL answer what SQLite answers", () => {
  it("the 24h ticker, at several clocks", async () => {
    for (const now of CLOCKS) {
      for (const marketId of ["btcusd", "ethusd", "emptyusd"]) {
        const onSqlite = await getTicker(marketId, { client: sqlite, now });
        expect(await getTicker(marketId, { client: pg, now })).toEqual(onSqlite);
      }
    }
    expect((await getTicker("btcusd", { client: pg, now: NOW })).tradeCount).toBeGreaterThan(50);
  });

  it("candles of every interval, with the watermark", async () => {
    for (const now of CLOCKS) {
      for (const interval of ["1m", "5m", "1h", "1d"] as const) {
        const onSqlite = await getCandles("btcusd", interval, { client: sqlite, now });
        expect(await getCandles("btcusd", interval, { client: pg, now })).toEqual(onSqlite);
      }
    }
    expect((await getCandles("btcusd", "5m", { client: pg, now: NOW })).candles.length).toBeGreaterThan(20);
  });

  it("the tape, the viewer's own trades, the selector, the page state and market ids", async () => {
    expect(same(await getRecentTrades("btcusd", { client: pg, limit: 40 }))).toEqual(same(await getRecentTrades("btcusd", { client: sqlite, limit: 40 })));
    expect(same(await getRecentTrades("btcusd", { client: pg, viewerUserId: users.pg }))).toEqual(same(await getRecentTrades("btcusd", { client: sqlite, viewerUserId: users.sqlite })));
    const mine = await getMyRecentTrades("btcusd", users.pg, { client: pg });
    expect(mine.length).toBeGreaterThan(5);
    expect(same(mine)).toEqual(same(await getMyRecentTrades("btcusd", users.sqlite, { client: sqlite })));
    expect(await getMarketSummaries({ client: pg })).toEqual(await getMarketSummaries({ client: sqlite }));
    const statePg = await getMarketState("btcusd", { client: pg });
    const stateSqlite = await getMarketState("btcusd", { client: sqlite });
    expect({ ...statePg, asOf: null }).toEqual({ ...stateSqlite, asOf: null });
    expect(await getMarketState("nosuch", { client: pg })).toBeNull();
    expect([await marketExists("btcusd", pg), await marketExists("nosuch", pg)]).toEqual([true, false]);
  });
});
