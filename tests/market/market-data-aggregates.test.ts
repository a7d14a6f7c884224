// The maintained market data (issue 11) against the same figures computed from the raw trades, on real
// SQLite files: candles of every interval and the 24h ticker read from the Candle table must equal
// aggregateCandles / computeTicker over every trade (the definitions tests/market/candles.test.ts and
// ticker.test.ts pin down), at window edges of exactly 24h, on bucket boundaries, with decimals a float
// would round, for trades recorded out of order, for several exchange commands filling in one minute,
// after the backfill, and after closed candles were kept by a reader.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db";
import { placeOrder } from "@/lib/exchange/place-order";
import { aggregateCandles, candleRange } from "@/lib/market/candles";
import { CANDLE_LIMITS, getCandles } from "@/lib/market/get-candles";
import { getTicker } from "@/lib/market/get-ticker";
import { rebuildCandles } from "@/lib/market/rebuild-candles";
import { computeTicker, type TradeInput } from "@/lib/market/ticker";
import { splitWindow } from "@/lib/market/ticker-window";
import { CANDLE_INTERVALS } from "@/lib/schemas/market";
import { applyMigrations } from "@/scripts/lib/migrations";
import { createExchangeDb, createMember, type ExchangeDb } from "@/tests/exchange/support/exchange-db";
import { insertTrades } from "@/tests/support/insert-trades";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-market-aggregates-"));
const file = path.join(dir, "market.db");
const databaseUrl = `file:${file}`;
const NOW = Date.parse("2026-01-02T12:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
let client: DbClient;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  client = createDbClient(databaseUrl);
});

afterAll(async () => {
  await client.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function createMarket(db: DbClient, id: string): Promise<void> {
  await db.market.create({ data: { id, name: id.toUpperCase(), baseUnit: id.slice(0, 3), quoteUnit: "usd" } });
}

/** Every trade of `marketId` as the pure functions take them (exact decimal strings). */
async function rawTrades(db: DbClient, marketId: string): Promise<TradeInput[]> {
  const rows = await db.trade.findMany({ where: { marketId }, select: { id: true, price: true, amount: true, createdAt: true } });
  return rows.map((row) => ({ id: row.id, price: row.price.toFixed(), amount: row.amount.toFixed(), createdAt: row.createdAt }));
}

/** Asserts candles (every interval, default counts) and the ticker at each of `nows` equal the raw computation. */
async function expectMatchesRaw(db: DbClient, marketId: string, nows: readonly number[]): Promise<void> {
  const trades = await rawTrades(db, marketId);
  const maxId = trades.reduce<number | null>((max, trade) => (max === null || trade.id > max ? trade.id : max), null);
  for (const nowMs of nows) {
    const now = new Date(nowMs);
    const ticker = await getTicker(marketId, { client: db, now });
    expect(ticker, `ticker at ${now.toISOString()}`).toEqual({ marketId, ...computeTicker(trades, now), asOf: now.toISOString() });
    for (const interval of CANDLE_INTERVALS) {
      const limit = CANDLE_LIMITS[interval];
      const expected = aggregateCandles(trades, interval, { ...candleRange(interval, now, limit), limit });
      const dto = await getCandles(marketId, interval, { client: db, now });
      expect(dto, `${interval} candles at ${now.toISOString()}`).toEqual({ marketId, interval, candles: expected, lastTradeId: maxId });
    }
  }
}

/** The stored Candle rows of a market, in key order. */
function storedRows(marketId: string, from: string = file): unknown[] {
  const connection = new Database(from, { readonly: true });
  try {
    return connection.prepare(`SELECT * FROM "Candle" WHERE "marketId" = ? ORDER BY "interval", "time"`).all(marketId);
  } finally {
    connection.close();
  }
}

describe("the 24h window and bucket boundaries", () => {
  const times = [
    NOW - DAY - 1, // one ms before the window's start
    NOW - DAY, // exactly 24h old: outside
    NOW - DAY + 1, // the window's first ms: the open
    NOW - DAY + MINUTE - 1, // the last ms of the window's partial first minute
    NOW - DAY + MINUTE, // the first whole minute
    Date.parse("2026-01-02T00:00:00.000Z") - 1, // the last ms of a day
    Date.parse("2026-01-02T00:00:00.000Z"), // a day, hour, 5m and 1m boundary
    NOW - HOUR, // an hour boundary
    NOW - 5 * MINUTE - 1,
    NOW - 5 * MINUTE,
    NOW - 1,
    NOW, // exactly now: inside
    NOW, // the same ms: the higher id is the later trade
    NOW + 1, // after now: not in the ticker, but in the candles' current bucket
  ];

  beforeAll(async () => {
    await createMarket(client, "edgeusd");
    await insertTrades(
      client,
      times.map((at, index) => ({ marketId: "edgeusd", side: index % 2 ? "sell" : "buy", price: String(100 + index), amount: `0.${index + 1}`, createdAt: new Date(at) })),
    );
  });

  it("equal the raw computation at now, around now, and as each trade leaves the window", async () => {
    const nows = [NOW, NOW - 1, NOW + 1, NOW + MINUTE, ...times.flatMap((at) => [at + DAY - 1, at + DAY, at + DAY + 1])];
    await expectMatchesRaw(client, "edgeusd", nows);
  });

  it("counts a trade exactly 24h old out and one a ms younger in", async () => {
    const ticker = await getTicker("edgeusd", { client, now: new Date(NOW) });
    expect(ticker).toMatchObject({ open24h: "102", last: "112", tradeCount: 11 });
  });
});

describe("the window's partial minutes, cut among their trades", () => {
  const A = NOW - DAY - 30 * MINUTE; // a minute that leaves the window half an hour before NOW
  const B = A + 5 * MINUTE;

  async function expectTickerMatchesRaw(marketId: string, nowMs: number): Promise<void> {
    const trades = await rawTrades(client, marketId);
    const now = new Date(nowMs);
    expect(await getTicker(marketId, { client, now }), `ticker at ${now.toISOString()}`).toEqual({ marketId, ...computeTicker(trades, now), asOf: now.toISOString() });
  }

  it("count from the first trade inside the window: across minutes, back again, and after a trade recorded later into the minute", async () => {
    await createMarket(client, "cutusd");
    const second = 1_000;
    await insertTrades(
      client,
      [A + 10 * second, A + 20 * second, A + 30 * second, B + 10 * second, B + 20 * second, B + 30 * second].map((at, index) => ({
        marketId: "cutusd",
        side: "buy",
        price: ["105", "101", "103", "99", "108", "100"][index]!,
        amount: `0.${index + 1}`,
        createdAt: new Date(at),
      })),
    );
    // Each now puts the window's start (now - 24h, exclusive) among a minute's trades, or on one of them.
    for (const cut of [A + 15 * second, A + 25 * second, A + 20 * second - 1, A + 20 * second, B + 15 * second, B + 25 * second, A + 15 * second]) {
      await expectTickerMatchesRaw("cutusd", cut + DAY);
    }
    // Backdated into the first minute, after the cut (bumps the market's CandleRevision): counted at once.
    await insertTrades(client, [{ marketId: "cutusd", side: "sell", price: "120", amount: "2", createdAt: new Date(A + 40 * second) }]);
    await expectTickerMatchesRaw("cutusd", A + 15 * second + DAY);
    expect((await getTicker("cutusd", { client, now: new Date(A + 15 * second + DAY) })).high).toBe("120");
  });

  it("leave out trades after now in the minute of now", async () => {
    await createMarket(client, "nowusd");
    await insertTrades(
      client,
      [NOW + 10_000, NOW + 20_000, NOW + 40_000].map((at, index) => ({ marketId: "nowusd", side: "buy", price: String(50 + index), amount: "1", createdAt: new Date(at) })),
    );
    for (const now of [NOW + 5_000, NOW + 30_000, NOW + 40_000, NOW + 50_000]) await expectTickerMatchesRaw("nowusd", now);
    expect((await getTicker("nowusd", { client, now: new Date(NOW + 30_000) })).tradeCount).toBe(2);
  });
});

describe("decimals", () => {
  beforeAll(async () => {
    await createMarket(client, "decusd");
    const at = (ms: number) => new Date(NOW - ms);
    await insertTrades(client, [
      { marketId: "decusd", side: "buy", price: "0.1", amount: "0.1", createdAt: at(3 * HOUR) },
      { marketId: "decusd", side: "buy", price: "0.2", amount: "0.2", createdAt: at(3 * HOUR - 1) },
      { marketId: "decusd", side: "sell", price: "0.3", amount: "0.00000001", createdAt: at(2 * HOUR) },
      { marketId: "decusd", side: "sell", price: "1.23456789", amount: "0.00000001", createdAt: at(2 * HOUR) },
      { marketId: "decusd", side: "buy", price: "9999999.99999999", amount: "0.00000001", createdAt: at(HOUR) },
      { marketId: "decusd", side: "buy", price: "123456.12345678", amount: "999999.99999999", createdAt: at(MINUTE) },
      { marketId: "decusd", side: "sell", price: "0.00000001", amount: "1000000", createdAt: at(1) },
    ]);
  });

  it("sums and compares exactly where floats would round", async () => {
    const ticker = await getTicker("decusd", { client, now: new Date(NOW) });
    // 0.1 + 0.2 is 0.30000000000000004 in floats; every digit here is exact.
    expect(ticker).toMatchObject({ open24h: "0.1", high: "9999999.99999999", low: "0.00000001", last: "0.00000001", volume: "2000000.30000002", tradeCount: 7 });
    const hour = await getCandles("decusd", "1h", { client, now: new Date(NOW) });
    expect(hour.candles[0]).toEqual({ time: (NOW - 3 * HOUR) / 1000, open: "0.1", high: "0.2", low: "0.1", close: "0.2", volume: "0.3" });
    await expectMatchesRaw(client, "decusd", [NOW, NOW + HOUR, NOW + DAY - 2 * HOUR]);
  });
});

describe("random trade sets, recorded in any order", () => {
  const aligned = fc.constantFrom(0, 1, -1, MINUTE, 5 * MINUTE, HOUR, DAY);
  // Prices up to 10,000,000 with 0-8 decimals and at most 15 significant digits (what SQLite's double keeps).
  const priceArb = fc.integer({ min: 0, max: 8 }).chain((scale) =>
    fc.bigInt({ min: 1n, max: 10n ** BigInt(Math.min(15, 7 + scale)) }).map((units) => ({ units, scale })),
  );
  const tradeArb = fc.record({
    offset: fc.oneof(fc.integer({ min: -2 * DAY, max: HOUR }), aligned.chain((size) => fc.integer({ min: -48, max: 1 }).map((n) => n * HOUR + size))),
    price: priceArb,
    amountUnits: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  });
  let run = 0;

  it("equal the raw computation for every interval and at window edges", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tradeArb, { minLength: 1, maxLength: 25 }), async (generated) => {
        run += 1;
        const marketId = `rnd${run}usd`;
        await createMarket(client, marketId);
        const decimal = (units: bigint, scale: number) => {
          const text = units.toString().padStart(scale + 1, "0");
          return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
        };
        await insertTrades(
          client,
          generated.map((trade) => ({
            marketId,
            side: "buy",
            price: decimal(trade.price.units, trade.price.scale),
            amount: decimal(trade.amountUnits, 8),
            createdAt: new Date(NOW + trade.offset),
          })),
        );
        const edges = generated.flatMap((trade) => [NOW + trade.offset + DAY, NOW + trade.offset + DAY - 1]);
        await expectMatchesRaw(client, marketId, [NOW, NOW - 7 * HOUR - 123, ...edges.slice(0, 6)]);
      }),
      { numRuns: 12, seed: 20261203 },
    );
  });
});

describe("the backfill", () => {
  it("rebuilds from the trades exactly the rows the writers kept", async () => {
    // A copy of the database without its candles: what the migration's deploy meets on existing history.
    const copy = path.join(dir, "backfill.db");
    const connection = new Database(file);
    try {
      connection.prepare("VACUUM INTO ?").run(copy);
    } finally {
      connection.close();
    }
    const stripped = new Database(copy);
    try {
      stripped.prepare(`DELETE FROM "Candle"`).run();
    } finally {
      stripped.close();
    }
    // applyMigrations (npm run migrate, npm start) backfills every market with trades and no candles.
    await applyMigrations(`file:${copy}`);
    const markets = (await client.market.findMany({ select: { id: true } })).map((market) => market.id);
    expect(markets.length).toBeGreaterThan(10);
    for (const marketId of markets) expect(storedRows(marketId, copy), marketId).toEqual(storedRows(marketId));
  });

  it("rebuildCandles replaces what is stored", async () => {
    const kept = storedRows("decusd");
    const connection = new Database(file);
    try {
      connection.prepare(`UPDATE "Candle" SET "volume" = 1 WHERE "marketId" = 'decusd'`).run();
      expect(rebuildCandles(connection, ["decusd"])).toMatchObject({ markets: ["decusd"], trades: 7, rows: kept.length });
    } finally {
      connection.close();
    }
    expect(storedRows("decusd")).toEqual(kept);
  });
});

describe("closed candles kept by a reader", () => {
  it("take a trade recorded later into a closed bucket, and a new trade into the open one", async () => {
    await createMarket(client, "liveusd");
    const now = Date.now();
    await insertTrades(client, [{ marketId: "liveusd", side: "buy", price: "10", amount: "1", createdAt: new Date(now - 30 * MINUTE) }]);
    const first = await getCandles("liveusd", "1m", { client });
    expect(first.candles).toHaveLength(1);
    // Backdated into a bucket the reader now keeps as closed.
    await insertTrades(client, [{ marketId: "liveusd", side: "sell", price: "9", amount: "2", createdAt: new Date(now - 20 * MINUTE) }]);
    await insertTrades(client, [{ marketId: "liveusd", side: "buy", price: "11", amount: "3", createdAt: new Date() }]);
    const later = await getCandles("liveusd", "1m", { client });
    expect(later.candles.map((candle) => candle.close)).toEqual(["10", "9", "11"]);
    await expectMatchesRaw(client, "liveusd", [Date.now()]);
  });
});

describe("volume past the exact range", () => {
  it("refuses a trade that would take a bucket's volume past 2^63 units, and records nothing of it", async () => {
    await createMarket(client, "bigusd");
    const createdAt = new Date(NOW - HOUR);
    await insertTrades(client, [{ marketId: "bigusd", side: "buy", price: "1", amount: "50000000000", createdAt }]);
    await expect(insertTrades(client, [{ marketId: "bigusd", side: "buy", price: "1", amount: "50000000000", createdAt }])).rejects.toThrow(/exact 64-bit range/);
    expect(await client.trade.count({ where: { marketId: "bigusd" } })).toBe(1);
    expect(await getTicker("bigusd", { client, now: new Date(NOW) })).toMatchObject({ volume: "50000000000", tradeCount: 1 });
  });
});

describe("exchange fills", () => {
  let exchange: ExchangeDb;
  beforeAll(async () => {
    exchange = await createExchangeDb("market-aggregates");
  });
  afterAll(async () => exchange.close());

  it("several commands filling in the same minute, one command filling several orders", async () => {
    const maker = await createMember(exchange.client, "maker", { btc: "2" });
    const taker = await createMember(exchange.client, "taker", { usd: "100000" });
    const place = async (userId: string, side: "buy" | "sell", price: string, volume: string) => {
      const result = await placeOrder(exchange.client, { marketId: "btcusd", userId, side, kind: "limit", price, volume });
      if (!result.ok) throw new Error(result.error.message);
    };
    for (const price of ["50000.01", "50000.02", "50000.03"]) await place(maker, "sell", price, "0.0333");
    await place(taker, "buy", "50000.01", "0.0111");
    await place(taker, "buy", "50000.01", "0.0007");
    await place(taker, "buy", "50000.03", "0.0800"); // sweeps three levels in one command
    const fills = await exchange.client.trade.count({ where: { marketId: "btcusd", takerOrderId: { not: null } } });
    expect(fills).toBe(5);
    const now = Date.now();
    await expectMatchesRaw(exchange.client, "btcusd", [now, now + DAY - MINUTE]);
  });
});

describe("splitWindow", () => {
  it("covers a 24h window exactly with aligned pieces, at most about 55 bucket reads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * DAY }), (offset) => {
        const from = NOW + offset - DAY + 1;
        const to = NOW + offset + 1;
        const pieces = splitWindow(from, to);
        let cursor = from;
        let buckets = 0;
        for (const piece of pieces) {
          expect(piece.from).toBe(cursor);
          if (piece.kind === "candles") {
            expect(piece.from % piece.size).toBe(0);
            expect(piece.to % piece.size).toBe(0);
            buckets += (piece.to - piece.from) / piece.size;
          } else {
            expect(piece.to - piece.from).toBeLessThan(MINUTE);
          }
          cursor = piece.to;
        }
        expect(cursor).toBe(to);
        expect(buckets).toBeLessThanOrEqual(24 + 2 * 11 + 2 * 4);
      }),
    );
  });

  it("leaves nothing to raw trades when the edges are whole buckets", () => {
    const from = Date.parse("2026-01-01T10:00:00Z");
    const to = Date.parse("2026-01-02T10:00:00Z");
    expect(splitWindow(from, to)).toEqual([{ kind: "candles", size: HOUR, from, to }]);
    expect(splitWindow(from + 1, to + 1)).toEqual([
      { kind: "trades", from: from + 1, to: from + MINUTE },
      { kind: "candles", size: MINUTE, from: from + MINUTE, to: from + 5 * MINUTE },
      { kind: "candles", size: 5 * MINUTE, from: from + 5 * MINUTE, to: from + HOUR },
      { kind: "candles", size: HOUR, from: from + HOUR, to },
      { kind: "trades", from: to, to: to + 1 },
    ]);
  });
});
