// The backfill: rebuilds markets' Candle rows from their trades with the writers' own fold and upsert
// (lib/market/candle-rows.ts, candle-upsert.ts), in one transaction. Run for every market that has
// trades but no candles after migrations are applied (scripts/lib/migrations.ts: the migration that
// added the Candle table, or trades written by a writer that did not keep candles), and by the market
// data bench after it bulk-loads trades.
import type Database from "better-sqlite3";
import { CandleFold, type CandleRow } from "@/lib/market/candle-rows";
import { sqliteDecimalText, toCandleUnits } from "@/lib/market/candle-units";
import { assertExactVolumes, candleBatches, candleUpsertStatement } from "@/lib/market/candle-upsert";
import { storedTimeMs } from "@/lib/market/stored-time";

/** Trades read per page while rebuilding. */
const PAGE_SIZE = 50_000;

/** A Trade row as the backfill reads it. */
interface StoredTradeRow {
  id: number;
  marketId: string;
  price: number | bigint;
  amount: number | bigint;
  createdAt: string;
}

/** What a rebuild did. */
export interface RebuildResult {
  markets: string[];
  trades: number;
  rows: number;
}

/** Writes folded rows through the shared upsert (merging with rows of earlier pages); statements by batch size. */
function writeRows(connection: Database.Database, rows: readonly CandleRow[], statements: Map<string, Database.Statement<unknown[], { volumeType: unknown }>>): void {
  for (const batch of candleBatches(rows)) {
    const { sql, params } = candleUpsertStatement(batch);
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = connection.prepare<unknown[], { volumeType: unknown }>(sql);
      statements.set(sql, statement);
    }
    assertExactVolumes(statement.all(...params));
  }
}

/**
 * Rebuilds the candles of `marketIds` from every one of their trades: deletes their Candle rows, folds
 * the trades page by page (in id order; the fold does not depend on order) and bumps their
 * CandleRevision, all in one IMMEDIATE transaction.
 */
export function rebuildCandles(connection: Database.Database, marketIds: readonly string[]): RebuildResult {
  const wanted = new Set(marketIds);
  const run = connection.transaction((): RebuildResult => {
    const deleteRows = connection.prepare(`DELETE FROM "Candle" WHERE "marketId" = ?`);
    const bump = connection.prepare(`INSERT INTO "CandleRevision" ("marketId", "revision") VALUES (?, 1) ON CONFLICT ("marketId") DO UPDATE SET "revision" = "revision" + 1`);
    for (const marketId of wanted) {
      deleteRows.run(marketId);
      bump.run(marketId);
    }
    const page = connection.prepare<[number, number], StoredTradeRow>(
      `SELECT "id", "marketId", "price", "amount", "createdAt" FROM "Trade" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
    );
    const statements = new Map<string, Database.Statement<unknown[], { volumeType: unknown }>>();
    let after = 0;
    let trades = 0;
    for (;;) {
      const stored = page.all(after, PAGE_SIZE);
      const last = stored.at(-1);
      if (last === undefined) break;
      after = last.id;
      const fold = new CandleFold();
      for (const trade of stored) {
        if (!wanted.has(trade.marketId)) continue;
        const candleTrade = {
          id: trade.id,
          price: toCandleUnits(sqliteDecimalText(trade.price)),
          amount: toCandleUnits(sqliteDecimalText(trade.amount)),
          at: storedTimeMs(trade.createdAt),
        };
        fold.add(trade.marketId, candleTrade);
        trades += 1;
      }
      writeRows(connection, fold.rows(), statements);
    }
    const count = connection.prepare<[string], { rows: number }>(`SELECT count(*) AS "rows" FROM "Candle" WHERE "marketId" IN (SELECT value FROM json_each(?))`);
    return { markets: [...wanted], trades, rows: count.get(JSON.stringify([...wanted]))?.rows ?? 0 };
  });
  return run.immediate();
}

/** Markets that have trades but no candles: never backfilled (or written to by a writer that kept none). */
export function findMarketsWithoutCandles(connection: Database.Database): string[] {
  const rows = connection
    .prepare<[], { id: string }>(
      `SELECT "id" FROM "Market" AS m WHERE EXISTS (SELECT 1 FROM "Trade" AS t WHERE t."marketId" = m."id")
         AND NOT EXISTS (SELECT 1 FROM "Candle" AS c WHERE c."marketId" = m."id") ORDER BY "id"`,
    )
    .all();
  return rows.map((row) => row.id);
}

/** Backfills every market that has trades but no candles; a no-op (two index lookups per market) otherwise. */
export function rebuildMissingCandles(connection: Database.Database): RebuildResult {
  const markets = findMarketsWithoutCandles(connection);
  return markets.length === 0 ? { markets, trades: 0, rows: 0 } : rebuildCandles(connection, markets);
}
