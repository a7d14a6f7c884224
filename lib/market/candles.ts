// OHLCV candles as pure functions of trades, in exact decimals.
//
// Definitions (tested in tests/market/candles.test.ts):
// - Buckets are aligned to UTC interval boundaries counted from the unix epoch (1m, 5m, 1h,
//   1d all divide a UTC day). A bucket covers [start, start + size): a trade exactly on a
//   boundary opens the new bucket.
// - Within a bucket trades are ordered by (time, id); open/close are the first/last of them.
// - Only buckets with trades are returned, oldest first: gaps stay gaps, never invented data.
// - `time` is the bucket start in unix seconds (what lightweight-charts expects).
import { Dec, decString, toDec } from "@/lib/market/decimal";
import { compareTrades, tradeTimeMs, type TradeInput } from "@/lib/market/ticker";
import type { CandleDto, CandleInterval } from "@/lib/schemas/market";

/** Bucket size of each interval in milliseconds. */
export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  "1m": 60_000,
  "5m": 5 * 60_000,
  "1h": 60 * 60_000,
  "1d": 24 * 60 * 60_000,
};

/** Options of aggregateCandles: trades outside [from, to) are ignored; keep at most `limit` newest buckets. */
export interface AggregateOptions {
  from?: Date;
  to?: Date;
  limit?: number;
}

/** Start (ms since epoch) of the UTC-aligned bucket holding `ms`. */
export function bucketStartMs(ms: number, interval: CandleInterval): number {
  const size = INTERVAL_MS[interval];
  return Math.floor(ms / size) * size;
}

/** Bucket `time` (unix seconds) of a trade. */
export function bucketTimeOf(trade: Pick<TradeInput, "createdAt">, interval: CandleInterval): number {
  return bucketStartMs(tradeTimeMs(trade.createdAt), interval) / 1000;
}

function openCandle(time: number, trade: TradeInput): CandleDto {
  const price = decString(toDec(trade.price));
  return { time, open: price, high: price, low: price, close: price, volume: decString(toDec(trade.amount)) };
}

/** Adds a trade that happened after every trade already in `candle` (same bucket). */
function extendCandle(candle: CandleDto, trade: TradeInput): CandleDto {
  const price = toDec(trade.price);
  return {
    time: candle.time,
    open: candle.open,
    high: decString(Dec.max(toDec(candle.high), price)),
    low: decString(Dec.min(toDec(candle.low), price)),
    close: decString(price),
    volume: decString(toDec(candle.volume).plus(toDec(trade.amount))),
  };
}

/** Aggregates trades (any order) into OHLCV buckets of `interval`, oldest first, gaps left out. */
export function aggregateCandles(
  trades: readonly TradeInput[],
  interval: CandleInterval,
  opts: AggregateOptions = {},
): CandleDto[] {
  const fromMs = opts.from?.getTime() ?? -Infinity;
  const toMs = opts.to?.getTime() ?? Infinity;
  const ordered = trades
    .filter((trade) => {
      const ms = tradeTimeMs(trade.createdAt);
      return ms >= fromMs && ms < toMs;
    })
    .sort(compareTrades);
  const candles: CandleDto[] = [];
  for (const trade of ordered) {
    const time = bucketTimeOf(trade, interval);
    const current = candles.at(-1);
    if (current && current.time === time) candles[candles.length - 1] = extendCandle(current, trade);
    else candles.push(openCandle(time, trade));
  }
  const limit = opts.limit;
  if (limit !== undefined && limit >= 0 && candles.length > limit) return candles.slice(candles.length - limit);
  return candles;
}

/**
 * Applies one live trade to candles (oldest first) and returns a new array: extends its bucket
 * (as the newest trade of that bucket, which is how live trades arrive) or inserts a new bucket in
 * order. Gaps stay gaps. The caller must not apply the same trade twice (see isUnappliedTrade).
 */
export function applyTradeToCandles(
  candles: readonly CandleDto[],
  trade: TradeInput,
  interval: CandleInterval,
): CandleDto[] {
  const time = bucketTimeOf(trade, interval);
  const next = candles.slice();
  let index = next.length;
  while (index > 0 && (next[index - 1]?.time ?? -Infinity) > time) index -= 1;
  const existing = next[index - 1];
  if (existing && existing.time === time) next[index - 1] = extendCandle(existing, trade);
  else next.splice(index, 0, openCandle(time, trade));
  return next;
}

/**
 * True when a live trade is not yet counted: its id is above the snapshot watermark (every trade
 * with id <= watermark was in the snapshot) and it has not been applied since.
 */
export function isUnappliedTrade(id: number, watermark: number | null, applied: ReadonlySet<number>): boolean {
  return (watermark === null || id > watermark) && !applied.has(id);
}

/** The newest `count` bucket starts of `interval` ending with the bucket holding `now`: [from, to). */
export function candleRange(interval: CandleInterval, now: Date, count: number): { from: Date; to: Date } {
  const size = INTERVAL_MS[interval];
  const current = bucketStartMs(now.getTime(), interval);
  return { from: new Date(current - (count - 1) * size), to: new Date(current + size) };
}
