// Empty candle buckets become empty time slots (whitespace points), so the chart shows quiet time as
// time; the candles themselves stay exactly as they were.
import { describe, expect, it } from "vitest";
import { emptySlotsBetween, fillCandleGaps, isCandle } from "@/lib/market/candle-gaps";
import type { CandleDto } from "@/lib/schemas/market";

const DAY = 86_400;
const T = 1_780_000_000 - (1_780_000_000 % DAY); // a UTC midnight

function candle(time: number, close = "10"): CandleDto {
  return { time, open: "10", high: close, low: "10", close, volume: "1" };
}

describe("fillCandleGaps", () => {
  it("puts an empty slot in every bucket without trades between the first candle and the last", () => {
    const slots = fillCandleGaps([candle(T), candle(T + 3 * DAY, "12"), candle(T + 4 * DAY)], "1d");
    expect(slots).toEqual([candle(T), { time: T + DAY }, { time: T + 2 * DAY }, candle(T + 3 * DAY, "12"), candle(T + 4 * DAY)]);
    expect(slots.filter(isCandle)).toHaveLength(3);
  });

  it("extends to the bucket of now when trading went quiet, and not past it", () => {
    const slots = fillCandleGaps([candle(T)], "1h", T + 2 * 3600);
    expect(slots).toEqual([candle(T), { time: T + 3600 }, { time: T + 7200 }]);
    expect(fillCandleGaps([candle(T), candle(T + 60)], "1m", T)).toEqual([candle(T), candle(T + 60)]);
  });

  it("changes nothing without gaps, and has nothing to fill without candles", () => {
    const adjacent = [candle(T), candle(T + 300), candle(T + 600)];
    expect(fillCandleGaps(adjacent, "5m")).toEqual(adjacent);
    expect(fillCandleGaps([], "5m", T)).toEqual([]);
  });
});

describe("emptySlotsBetween", () => {
  it("lists the buckets strictly between two candles", () => {
    expect(emptySlotsBetween(T, T + 180, "1m")).toEqual([{ time: T + 60 }, { time: T + 120 }]);
    expect(emptySlotsBetween(T, T + 60, "1m")).toEqual([]);
  });
});
