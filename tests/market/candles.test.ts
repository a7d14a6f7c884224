// aggregateCandles / applyTradeToCandles on fixed trade sets: empty, one trade, bucket edges,
// UTC alignment, gaps, exact decimals, ordering ties, and live updates matching re-aggregation.
import { describe, expect, it } from "vitest";
import {
  aggregateCandles,
  applyTradeToCandles,
  bucketStartMs,
  candleRange,
  INTERVAL_MS,
  isUnappliedTrade,
} from "@/lib/market/candles";
import type { TradeInput } from "@/lib/market/ticker";
import { CANDLE_INTERVALS, type CandleDto } from "@/lib/schemas/market";

const T0 = Date.parse("2025-03-10T12:00:00.000Z"); // on every boundary: 1m, 5m, 1h, and 12h past 1d
const DAY0 = Date.parse("2025-03-10T00:00:00.000Z");
const sec = (ms: number) => ms / 1000;

function trade(id: number, price: string, amount: string, ms: number): TradeInput {
  return { id, price, amount, createdAt: new Date(ms) };
}

describe("aggregateCandles", () => {
  it("returns no candles for no trades", () => {
    for (const interval of CANDLE_INTERVALS) expect(aggregateCandles([], interval)).toEqual([]);
  });

  it("makes one flat candle from one trade, at the bucket start", () => {
    expect(aggregateCandles([trade(1, "100.25", "0.5", T0 + 61_500)], "1m")).toEqual([
      { time: sec(T0 + 60_000), open: "100.25", high: "100.25", low: "100.25", close: "100.25", volume: "0.5" },
    ]);
  });

  it("computes OHLCV within a bucket by time order", () => {
    const trades = [
      trade(4, "103", "1", T0 + 40_000),
      trade(1, "100", "2", T0 + 1_000),
      trade(3, "95", "3", T0 + 30_000),
      trade(2, "110", "4", T0 + 20_000),
    ];
    expect(aggregateCandles(trades, "1m")).toEqual([
      { time: sec(T0), open: "100", high: "110", low: "95", close: "103", volume: "10" },
    ]);
  });

  describe("bucket edges", () => {
    it("puts a trade exactly on a boundary into the new bucket", () => {
      const trades = [trade(1, "1", "1", T0 - 1), trade(2, "2", "1", T0), trade(3, "3", "1", T0 + 59_999), trade(4, "4", "1", T0 + 60_000)];
      expect(aggregateCandles(trades, "1m")).toEqual([
        { time: sec(T0 - 60_000), open: "1", high: "1", low: "1", close: "1", volume: "1" },
        { time: sec(T0), open: "2", high: "3", low: "2", close: "3", volume: "2" },
        { time: sec(T0 + 60_000), open: "4", high: "4", low: "4", close: "4", volume: "1" },
      ]);
    });

    it("aligns every interval to UTC boundaries", () => {
      const ms = Date.parse("2025-03-10T13:47:31.250Z");
      expect(new Date(bucketStartMs(ms, "1m")).toISOString()).toBe("2025-03-10T13:47:00.000Z");
      expect(new Date(bucketStartMs(ms, "5m")).toISOString()).toBe("2025-03-10T13:45:00.000Z");
      expect(new Date(bucketStartMs(ms, "1h")).toISOString()).toBe("2025-03-10T13:00:00.000Z");
      expect(new Date(bucketStartMs(ms, "1d")).toISOString()).toBe("2025-03-10T00:00:00.000Z");
    });

    it("splits days at UTC midnight", () => {
      const trades = [trade(1, "10", "1", DAY0 - 1), trade(2, "20", "1", DAY0), trade(3, "30", "1", DAY0 + INTERVAL_MS["1d"] - 1)];
      expect(aggregateCandles(trades, "1d").map((c) => [new Date(c.time * 1000).toISOString(), c.open, c.close])).toEqual([
        ["2025-03-09T00:00:00.000Z", "10", "10"],
        ["2025-03-10T00:00:00.000Z", "20", "30"],
      ]);
    });

    it("treats 5m and 1h boundaries the same way", () => {
      const five = [trade(1, "1", "1", T0 + 5 * 60_000 - 1), trade(2, "2", "1", T0 + 5 * 60_000)];
      expect(aggregateCandles(five, "5m").map((c) => c.time)).toEqual([sec(T0), sec(T0 + 300_000)]);
      const hour = [trade(1, "1", "1", T0 + 3_600_000 - 1), trade(2, "2", "1", T0 + 3_600_000)];
      expect(aggregateCandles(hour, "1h").map((c) => c.time)).toEqual([sec(T0), sec(T0 + 3_600_000)]);
    });
  });

  it("leaves gaps empty instead of inventing candles", () => {
    const trades = [trade(1, "100", "1", T0), trade(2, "105", "1", T0 + 5 * 60_000)];
    const candles = aggregateCandles(trades, "1m");
    expect(candles.map((c) => c.time)).toEqual([sec(T0), sec(T0 + 300_000)]);
    expect(candles[1]).toMatchObject({ open: "105", close: "105" });
  });

  describe("exact decimals", () => {
    it("sums 0.1 + 0.2 to exactly 0.3", () => {
      const candles = aggregateCandles([trade(1, "1", "0.1", T0), trade(2, "1", "0.2", T0 + 1)], "1m");
      expect(candles[0]?.volume).toBe("0.3");
    });

    it("keeps 1e-8 amounts exact", () => {
      const trades = Array.from({ length: 10 }, (_, i) => trade(i + 1, "0.00000001", "0.00000001", T0 + i));
      expect(aggregateCandles(trades, "1m")[0]).toMatchObject({ volume: "0.0000001", high: "0.00000001" });
    });

    it("keeps large prices with many digits exact", () => {
      const trades = [
        trade(1, "98765432109876.12345678", "1", T0),
        trade(2, "98765432109876.12345679", "12345678.87654321", T0 + 1),
        trade(3, "98765432109876.12345677", "0.00000001", T0 + 2),
      ];
      expect(aggregateCandles(trades, "1h")).toEqual([{
        time: sec(T0),
        open: "98765432109876.12345678",
        high: "98765432109876.12345679",
        low: "98765432109876.12345677",
        close: "98765432109876.12345677",
        volume: "12345679.87654322",
      }]);
    });
  });

  it("breaks ordering ties by id: the higher id closes, the lower opens", () => {
    const trades = [trade(9, "200", "1", T0 + 5_000), trade(8, "100", "1", T0 + 5_000)];
    expect(aggregateCandles(trades, "1m")[0]).toMatchObject({ open: "100", close: "200" });
  });

  it("honours from (inclusive), to (exclusive) and limit (newest buckets kept)", () => {
    const trades = [0, 1, 2, 3, 4].map((i) => trade(i + 1, String(100 + i), "1", T0 + i * 60_000));
    const windowed = aggregateCandles(trades, "1m", { from: new Date(T0 + 60_000), to: new Date(T0 + 4 * 60_000) });
    expect(windowed.map((c) => c.open)).toEqual(["101", "102", "103"]);
    expect(aggregateCandles(trades, "1m", { limit: 2 }).map((c) => c.open)).toEqual(["103", "104"]);
    expect(aggregateCandles(trades, "1m", { limit: 0 })).toEqual([]);
  });
});

describe("applyTradeToCandles", () => {
  const history = [trade(1, "100", "1", T0), trade(2, "104", "2", T0 + 10_000)];

  it("extends the last candle with a trade in its bucket", () => {
    const next = applyTradeToCandles(aggregateCandles(history, "1m"), trade(3, "99.5", "0.1", T0 + 59_999), "1m");
    expect(next).toEqual([{ time: sec(T0), open: "100", high: "104", low: "99.5", close: "99.5", volume: "3.1" }]);
  });

  it("opens a new candle for a trade exactly on the next boundary, without filling gaps", () => {
    const base = aggregateCandles(history, "1m");
    const next = applyTradeToCandles(base, trade(3, "101", "1", T0 + 3 * 60_000), "1m");
    expect(next.map((c) => c.time)).toEqual([sec(T0), sec(T0 + 180_000)]);
    expect(next[1]).toEqual({ time: sec(T0 + 180_000), open: "101", high: "101", low: "101", close: "101", volume: "1" });
    expect(base).toHaveLength(1); // input untouched
  });

  it("starts from nothing", () => {
    expect(applyTradeToCandles([], trade(1, "5", "0.00000001", T0), "1d")).toEqual([
      { time: sec(DAY0), open: "5", high: "5", low: "5", close: "5", volume: "0.00000001" },
    ]);
  });

  it("inserts a late trade into its own earlier bucket in order", () => {
    const base = aggregateCandles([trade(1, "100", "1", T0), trade(3, "110", "1", T0 + 120_000)], "1m");
    const next = applyTradeToCandles(base, trade(2, "105", "1", T0 + 60_000), "1m");
    expect(next.map((c) => [c.time, c.open])).toEqual([[sec(T0), "100"], [sec(T0 + 60_000), "105"], [sec(T0 + 120_000), "110"]]);
  });

  it("matches re-aggregation when trades arrive live in order, for every interval", () => {
    const trades: TradeInput[] = [];
    let price = 1000;
    for (let id = 1; id <= 120; id += 1) {
      price += ((id * 7919) % 13) - 6;
      trades.push(trade(id, `${price}.${String(id).padStart(3, "0")}`, `0.${String(id * 37).padStart(8, "0")}`, T0 + id * 37_000));
    }
    for (const interval of CANDLE_INTERVALS) {
      let live: CandleDto[] = aggregateCandles(trades.slice(0, 40), interval);
      for (const t of trades.slice(40)) live = applyTradeToCandles(live, t, interval);
      expect(live).toEqual(aggregateCandles(trades, interval));
    }
  });
});

describe("isUnappliedTrade", () => {
  it("skips trades at or below the snapshot watermark and trades already applied", () => {
    expect(isUnappliedTrade(10, 10, new Set())).toBe(false);
    expect(isUnappliedTrade(11, 10, new Set())).toBe(true);
    expect(isUnappliedTrade(11, 10, new Set([11]))).toBe(false);
    expect(isUnappliedTrade(1, null, new Set())).toBe(true);
  });
});

describe("candleRange", () => {
  it("covers the newest count buckets ending with the current one", () => {
    const now = new Date("2025-03-10T13:47:31.250Z");
    const range = candleRange("5m", now, 3);
    expect(range.from.toISOString()).toBe("2025-03-10T13:35:00.000Z");
    expect(range.to.toISOString()).toBe("2025-03-10T13:50:00.000Z");
  });
});

describe("aggregateCandles limits and bad input", () => {
  const trades = [0, 1, 2].map((i) => trade(i + 1, String(100 + i), "1", T0 + i * 60_000));

  it("keeps every bucket when limit is at least their number, and ignores a negative limit", () => {
    for (const limit of [3, 4, 10, -1]) expect(aggregateCandles(trades, "1m", { limit }).map((c) => c.open)).toEqual(["100", "101", "102"]);
    expect(aggregateCandles(trades, "1m", { limit: 1 }).map((c) => c.open)).toEqual(["102"]);
  });

  it("refuses a trade with an invalid time", () => {
    expect(() => aggregateCandles([trade(1, "1", "1", Number.NaN)], "1m")).toThrow(TypeError);
    expect(() => applyTradeToCandles([], { id: 1, price: "1", amount: "1", createdAt: "yesterday" }, "1m")).toThrow(TypeError);
  });
});
