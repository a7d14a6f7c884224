// Bulk-generates a market history straight into a migrated SQLite file for `bench:market-data`: N trades
// spread evenly over the same span before `now` whatever N is (so a bigger N is a busier market with the
// same calendar, not a longer one), a tenth as many done orders, a fixed book of open orders, 100
// members; then builds the candles with the backfill the migration uses (lib/market/rebuild-candles.ts).
// better-sqlite3 prepared statements in large transactions; Trade's secondary indexes are dropped for the
// load and created again after it (the same SQL, read from sqlite_master).
import Database from "better-sqlite3";
import { rebuildCandles } from "../../../lib/market/rebuild-candles.ts";
import { storedTimeText } from "../../../lib/market/stored-time.ts";
import { DEMO_CURRENCIES, DEMO_MARKET_RULES } from "../../../lib/seed/seed-exchange.ts";
import { applyMigrations } from "../../../scripts/lib/migrations.ts";

/** What was generated, and how long each step took. */
export interface GeneratedHistory {
  trades: number;
  doneOrders: number;
  openOrders: number;
  spanDays: number;
  loadMs: number;
  indexMs: number;
  backfillMs: number;
  candleRows: number;
  fileBytes: number;
}

/** Options: the span every size shares, and the markets' share (every 100th trade is ethusd). */
export interface GenerateOptions {
  trades: number;
  now: number;
  spanDays?: number;
  /** Price levels a side of the open book (10 orders each). */
  levels?: number;
  onProgress?: (done: number) => void;
}

const MEMBERS = 100;
const DEFAULT_LEVELS = 100;
const ORDERS_PER_LEVEL = 10;
const BATCH = 200_000;

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cents as a decimal string ("6450012" -> "64500.12"). */
function centsText(cents: number): string {
  const text = String(cents).padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Units of 10^-4 as a decimal string. */
function lotText(units: number): string {
  const text = String(units).padStart(5, "0");
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** Generates the history into the SQLite file `file` (created and migrated here; must not exist). */
export async function generateHistory(file: string, { trades, now, spanDays = 200, levels = DEFAULT_LEVELS, onProgress }: GenerateOptions): Promise<GeneratedHistory> {
  await applyMigrations(`file:${file}`);
  const db = new Database(file);
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  const random = prng(trades);
  const memberIds = Array.from({ length: MEMBERS }, (_, index) => `bench-member-${index}`);
  db.transaction(() => {
    for (const currency of DEMO_CURRENCIES) db.prepare(`INSERT INTO "Currency" ("id", "scale", "position") VALUES (?, ?, ?)`).run(currency.id, currency.scale, currency.position);
    for (const [position, id] of ["btcusd", "ethusd"].entries()) {
      const rules = DEMO_MARKET_RULES[id];
      if (rules === undefined) throw new Error(`no rules for ${id}`);
      db.prepare(`INSERT INTO "Market" ("id", "name", "baseUnit", "quoteUnit", "position", "tickSize", "lotSize", "minOrderValue", "priceBand") VALUES (?, ?, ?, 'usd', ?, ?, ?, ?, ?)`).run(
        id, `${id.slice(0, 3).toUpperCase()}/USD`, id.slice(0, 3), position + 1, rules.tickSize, rules.lotSize, rules.minOrderValue, rules.priceBand,
      );
    }
    const user = db.prepare(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "sn", "sessionVersion", "createdAt") VALUES (?, ?, ?, 'not-a-hash', ?, 0, ?)`);
    for (const id of memberIds) user.run(id, `${id}@example.test`, id, `sn-${id}`, storedTimeText(now));
  })();

  // Trades, in time order (ids grow with time, as the app records them).
  const indexSql = db.prepare<[], { sql: string }>(`SELECT "sql" FROM sqlite_master WHERE "type" = 'index' AND "tbl_name" = 'Trade' AND "sql" IS NOT NULL`).all().map((row) => row.sql);
  const indexNames = db.prepare<[], { name: string }>(`SELECT "name" FROM sqlite_master WHERE "type" = 'index' AND "tbl_name" = 'Trade' AND "sql" IS NOT NULL`).all().map((row) => row.name);
  for (const name of indexNames) db.exec(`DROP INDEX "${name}"`);
  const insertTrade = db.prepare(`INSERT INTO "Trade" ("marketId", "side", "price", "amount", "userId", "makerUserId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const spanMs = spanDays * 86_400_000;
  const start = now - spanMs;
  const step = spanMs / trades;
  const cents = { btcusd: 6_450_000, ethusd: 318_000 };
  const loadStarted = performance.now();
  for (let done = 0; done < trades; ) {
    const end = Math.min(trades, done + BATCH);
    db.transaction(() => {
      for (let index = done; index < end; index += 1) {
        const marketId = index % 100 === 99 ? "ethusd" : "btcusd";
        const base = marketId === "btcusd" ? 6_450_000 : 318_000;
        const current = cents[marketId];
        // A random walk of at most +/-0.1% per trade, pulled back towards the base price.
        const next = Math.max(100, Math.round(current + (base - current) * 0.001 + (random() - 0.5) * 0.002 * current));
        cents[marketId] = next;
        const at = Math.floor(start + index * step + random() * step * 0.5);
        const taker = memberIds[Math.floor(random() * MEMBERS)] ?? null;
        const maker = memberIds[Math.floor(random() * MEMBERS)] ?? null;
        insertTrade.run(marketId, random() < 0.5 ? "buy" : "sell", centsText(next), lotText(1 + Math.floor(random() * 5_000)), taker, maker, storedTimeText(at));
      }
    })();
    done = end;
    onProgress?.(done);
  }
  const loadMs = performance.now() - loadStarted;
  const indexStarted = performance.now();
  for (const sql of indexSql) db.exec(sql);
  const indexMs = performance.now() - indexStarted;

  // Orders: a tenth of the trades' count done, and a book of `levels` levels a side, ORDERS_PER_LEVEL each.
  const doneOrders = Math.floor(trades / 10);
  const insertOrder = db.prepare(
    `INSERT INTO "Order" ("id", "marketId", "userId", "side", "kind", "price", "volume", "originVolume", "locked", "originLocked", "filledFunds", "state", "seq", "createdAt", "updatedAt")
     VALUES (?, 'btcusd', ?, ?, 'limit', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let seq = 0;
  for (let done = 0; done < doneOrders; ) {
    const end = Math.min(doneOrders, done + BATCH);
    db.transaction(() => {
      for (let index = done; index < end; index += 1) {
        seq += 1;
        const at = storedTimeText(Math.floor(start + (index / doneOrders) * spanMs));
        const volume = BigInt(1 + Math.floor(random() * 5_000));
        insertOrder.run(`done-${index}`, memberIds[index % MEMBERS], index % 2 ? "buy" : "sell", 6_450_000n, 0n, volume, 0n, 0n, volume * 6_450_000n, "done", seq, at, at);
      }
    })();
    done = end;
  }
  const mid = cents.btcusd;
  db.transaction(() => {
    for (let level = 1; level <= levels; level += 1) {
      for (const side of ["sell", "buy"] as const) {
        const price = BigInt(side === "sell" ? mid + level * 5 : mid - level * 5);
        for (let order = 0; order < ORDERS_PER_LEVEL; order += 1) {
          seq += 1;
          const volume = BigInt(1 + Math.floor(random() * 5_000));
          const at = storedTimeText(now);
          const locked = side === "sell" ? volume * 10_000n : volume * price * 100n;
          insertOrder.run(`open-${side}-${level}-${order}`, memberIds[(level * 7 + order) % MEMBERS], side, price, volume, volume, locked, locked, 0n, "wait", seq, at, at);
        }
      }
    }
    db.prepare(`UPDATE "Market" SET "sequence" = ? WHERE "id" = 'btcusd'`).run(seq);
  })();

  // The candles, by the migration's backfill.
  const backfillStarted = performance.now();
  const rebuilt = rebuildCandles(db, ["btcusd", "ethusd"]);
  const backfillMs = performance.now() - backfillStarted;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const { statSync } = await import("node:fs");
  return {
    trades,
    doneOrders,
    openOrders: 2 * levels * ORDERS_PER_LEVEL,
    spanDays,
    loadMs,
    indexMs,
    backfillMs,
    candleRows: rebuilt.rows,
    fileBytes: statSync(file).size,
  };
}
