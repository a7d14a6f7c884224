// The one SQL statement that adds folded rows to the Candle table: insert, or merge into the stored bucket
// exactly as mergeCandleRows does (earlier open, later close by (time, id), max high, min low, summed
// volume and count). Used by the writers (through Prisma, inside the trade's transaction) and by the
// backfill (better-sqlite3), so both write the same way.
import type { CandleRow } from "@/lib/market/candle-rows";

/** Rows per statement: 14 parameters each, well under SQLite's 32,766 variables. */
export const CANDLE_UPSERT_BATCH = 500;

const COLUMNS = ["marketId", "interval", "time", "open", "high", "low", "close", "volume", "tradeCount", "openAt", "openTradeId", "closeAt", "closeTradeId", "lastTradeId"] as const;

const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => "?").join(", ")})`;

/** The merge, in SQLite's spelling (two-argument max/min; typeof tells a volume that left the 64-bit integers). */
const MERGE = `ON CONFLICT ("marketId", "interval", "time") DO UPDATE SET
  "open" = CASE WHEN (excluded."openAt", excluded."openTradeId") < ("Candle"."openAt", "Candle"."openTradeId") THEN excluded."open" ELSE "Candle"."open" END,
  "openAt" = CASE WHEN (excluded."openAt", excluded."openTradeId") < ("Candle"."openAt", "Candle"."openTradeId") THEN excluded."openAt" ELSE "Candle"."openAt" END,
  "openTradeId" = CASE WHEN (excluded."openAt", excluded."openTradeId") < ("Candle"."openAt", "Candle"."openTradeId") THEN excluded."openTradeId" ELSE "Candle"."openTradeId" END,
  "close" = CASE WHEN (excluded."closeAt", excluded."closeTradeId") > ("Candle"."closeAt", "Candle"."closeTradeId") THEN excluded."close" ELSE "Candle"."close" END,
  "closeAt" = CASE WHEN (excluded."closeAt", excluded."closeTradeId") > ("Candle"."closeAt", "Candle"."closeTradeId") THEN excluded."closeAt" ELSE "Candle"."closeAt" END,
  "closeTradeId" = CASE WHEN (excluded."closeAt", excluded."closeTradeId") > ("Candle"."closeAt", "Candle"."closeTradeId") THEN excluded."closeTradeId" ELSE "Candle"."closeTradeId" END,
  "high" = max("Candle"."high", excluded."high"),
  "low" = min("Candle"."low", excluded."low"),
  "volume" = "Candle"."volume" + excluded."volume",
  "tradeCount" = "Candle"."tradeCount" + excluded."tradeCount",
  "lastTradeId" = max("Candle"."lastTradeId", excluded."lastTradeId")
RETURNING typeof("volume") AS "volumeType"`;

/** The merge in PostgreSQL's spelling: GREATEST/LEAST; a bigint sum past 2^63 fails the statement by itself. */
const POSTGRES_MERGE = MERGE.replace(/\bmax\(/g, "GREATEST(").replace(/\bmin\(/g, "LEAST(").replace(/\nRETURNING .*$/, "");

/** A parameter of the statement. */
export type CandleParam = string | number | bigint;

/**
 * SQL (positional `?` parameters) and parameters upserting `rows` (at most CANDLE_UPSERT_BATCH). SQLite's
 * statement returns each merged row's volume type for assertExactVolumes; PostgreSQL's returns nothing.
 */
export function candleUpsertStatement(rows: readonly CandleRow[], provider: "sqlite" | "postgresql" = "sqlite"): { sql: string; params: CandleParam[] } {
  if (rows.length === 0 || rows.length > CANDLE_UPSERT_BATCH) throw new RangeError(`candleUpsertStatement takes 1 to ${CANDLE_UPSERT_BATCH} rows, got ${rows.length}`);
  const sql = `INSERT INTO "Candle" (${COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES ${rows.map(() => ROW_PLACEHOLDERS).join(", ")}\n${provider === "postgresql" ? POSTGRES_MERGE : MERGE}`;
  const params = rows.flatMap((row) => COLUMNS.map((column) => row[column]));
  return { sql, params };
}

/**
 * Throws unless every merged volume stayed an INTEGER: SQLite turns an integer sum past 2^63 into a
 * float (a bucket beyond about 92 billion base units), which must never be stored. Throwing rolls back.
 */
export function assertExactVolumes(returned: ReadonlyArray<{ volumeType: unknown }>): void {
  for (const row of returned) {
    if (row.volumeType !== "integer") throw new RangeError("a candle's volume left the exact 64-bit range (more than about 92 billion units in one bucket)");
  }
}

/** Splits rows into statement-sized batches. */
export function candleBatches(rows: readonly CandleRow[]): CandleRow[][] {
  const batches: CandleRow[][] = [];
  for (let start = 0; start < rows.length; start += CANDLE_UPSERT_BATCH) batches.push(rows.slice(start, start + CANDLE_UPSERT_BATCH));
  return batches;
}
