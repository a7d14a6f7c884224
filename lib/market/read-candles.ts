// Reads candles from the Candle table, keeping closed ones: a bucket that ended CLOSED_CANDLE_AGE_MS
// before the reader's clock cannot change any more unless a trade is recorded far from its writer's clock,
// and such a trade bumps the market's CandleRevision. So each reader connection keeps the closed candles
// of every (market, interval, count) it served with the revision it saw, and a later read takes from
// the DB only the buckets that closed since and the open ones, plus the revision and the watermark.
import { INTERVAL_MS, candleRange } from "@/lib/market/candles";
import { fromCandleUnits } from "@/lib/market/candle-units";
import type { MarketReader } from "@/lib/market/market-reader";
import { CURRENT_TRADE_MS } from "@/lib/market/record-market-trades";
import type { CandleDto, CandleInterval } from "@/lib/schemas/market";

/** How long after its end a bucket is kept as closed: twice the drift a current trade may have. */
export const CLOSED_CANDLE_AGE_MS = 2 * CURRENT_TRADE_MS;

const ROWS_SQL = `SELECT "time", "open", "high", "low", "close", "volume" FROM "Candle" WHERE "marketId" = ? AND "interval" = ? AND "time" >= ? AND "time" < ? ORDER BY "time"`;
const REVISION_SQL = `SELECT "revision" FROM "CandleRevision" WHERE "marketId" = ?`;
const WATERMARK_SQL = `SELECT max("lastTradeId") AS "lastTradeId" FROM "Candle" WHERE "marketId" = ? AND "interval" = ?`;

interface StoredCandle {
  time: bigint;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

/** Closed candles a reader keeps for one market, interval and count: those of [from, closedEnd). */
interface KeptCandles {
  revision: number;
  from: number;
  closedEnd: number;
  candles: readonly CandleDto[];
}

/** What readCandles returns: the candles (oldest first) and the highest trade id of the market they count. */
export interface CandlesRead {
  candles: CandleDto[];
  lastTradeId: number | null;
}

/** A stored candle (time in ms, values in candle units) as its DTO (time in seconds, decimal strings). */
export function toCandleDto(row: StoredCandle): CandleDto {
  return Object.freeze({
    time: Number(row.time) / 1000,
    open: fromCandleUnits(row.open),
    high: fromCandleUnits(row.high),
    low: fromCandleUnits(row.low),
    close: fromCandleUnits(row.close),
    volume: fromCandleUnits(row.volume),
  });
}

/** A range's candles and watermark from the DB, taking closed candles kept under `key` (call inside a snapshot). */
function readRange(reader: MarketReader, marketId: string, size: number, key: string, range: { from: number; to: number; closedEnd: number }): CandlesRead {
  const { from, to, closedEnd } = range;
  const revision = Number(reader.statement<{ revision: number }>(REVISION_SQL).get(marketId)?.revision ?? 0);
  const kept = reader.cache.get(key) as KeptCandles | undefined;
  const usable = kept !== undefined && kept.revision === revision && kept.from <= from && kept.closedEnd <= closedEnd;
  const readFrom = usable ? Math.max(kept.closedEnd, from) : from;
  let closed: readonly CandleDto[] = [];
  if (usable) {
    const first = kept.candles.findIndex((candle) => candle.time * 1000 >= from);
    closed = first === -1 ? [] : first === 0 ? kept.candles : kept.candles.slice(first);
  }
  const fresh = reader.statement<StoredCandle>(ROWS_SQL, true).all(marketId, size, readFrom, to).map(toCandleDto);
  const split = fresh.findIndex((candle) => candle.time * 1000 >= closedEnd);
  const newlyClosed = split === -1 ? fresh : fresh.slice(0, split);
  const open = split === -1 ? [] : fresh.slice(split);
  if (!usable || kept.from !== from || kept.closedEnd !== closedEnd) {
    closed = newlyClosed.length > 0 ? closed.concat(newlyClosed) : closed;
    reader.cache.set(key, { revision, from, closedEnd, candles: closed } satisfies KeptCandles);
  }
  const watermark = reader.statement<{ lastTradeId: number | null }>(WATERMARK_SQL).get(marketId, INTERVAL_MS["1d"]);
  return { candles: closed.concat(open), lastTradeId: watermark?.lastTradeId ?? null };
}

/**
 * The `limit` newest buckets of `interval` up to the one holding `nowMs` (lib/market/candles.ts
 * candleRange), buckets without trades left out, in one snapshot of `reader`'s database. The whole
 * answer is kept while nothing is written and the range stays the same; closed candles longer.
 */
export function readCandles(reader: MarketReader, marketId: string, interval: CandleInterval, nowMs: number, limit: number): CandlesRead {
  const size = INTERVAL_MS[interval];
  const range = candleRange(interval, new Date(nowMs), limit);
  const from = range.from.getTime();
  const to = range.to.getTime();
  const closedEnd = Math.min(to, Math.max(from, Math.floor((nowMs - CLOSED_CANDLE_AGE_MS) / size) * size));
  const key = `candles:${marketId}:${size}:${limit}`;
  const kept = reader.kept(`read:${key}`, () => ({ from, to, read: readRange(reader, marketId, size, key, { from, to, closedEnd }) }), (value) => value.from === from && value.to === to);
  return { candles: kept.read.candles.slice(), lastTradeId: kept.read.lastTradeId };
}
