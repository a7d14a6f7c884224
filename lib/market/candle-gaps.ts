// Empty candle intervals as gaps in time: the chart's time scale is one slot per data point, so buckets
// without trades must be given as whitespace points (lightweight-charts' WhitespaceData, {time} alone),
// else a quiet night is squeezed out and the candles either side of it look adjacent. Pure.
import { INTERVAL_MS } from "@/lib/market/candles";
import type { CandleDto, CandleInterval } from "@/lib/schemas/market";

/** A bucket with no trades: a time slot and nothing to draw. */
export interface EmptySlot {
  time: number;
}

/** A chart point: a candle, or an empty slot. */
export type CandleSlot = CandleDto | EmptySlot;

/** True for a slot that holds a candle. */
export function isCandle(slot: CandleSlot): slot is CandleDto {
  return "close" in slot;
}

/** Bucket size of `interval` in seconds (candle `time` is unix seconds). */
export function intervalSeconds(interval: CandleInterval): number {
  return INTERVAL_MS[interval] / 1000;
}

/**
 * Every bucket from the first candle to the last (or to `until`, a bucket start in unix seconds, when it
 * is later: the quiet time up to now), oldest first: the candles where they are, an empty slot in every
 * bucket between. Candles must be oldest first and bucket-aligned; none are changed or dropped.
 */
export function fillCandleGaps(candles: readonly CandleDto[], interval: CandleInterval, until?: number): CandleSlot[] {
  const first = candles[0];
  if (first === undefined) return [];
  const size = intervalSeconds(interval);
  const slots: CandleSlot[] = [];
  let next = first.time;
  for (const candle of candles) {
    for (; next < candle.time; next += size) slots.push({ time: next });
    slots.push(candle);
    next = candle.time + size;
  }
  if (until !== undefined) for (; next <= until; next += size) slots.push({ time: next });
  return slots;
}

/** The empty slots strictly between bucket `after` and bucket `before` (a live candle opened after a quiet spell). */
export function emptySlotsBetween(after: number, before: number, interval: CandleInterval): EmptySlot[] {
  const size = intervalSeconds(interval);
  const slots: EmptySlot[] = [];
  for (let time = after + size; time < before; time += size) slots.push({ time });
  return slots;
}
