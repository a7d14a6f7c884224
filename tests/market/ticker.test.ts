// computeTicker on fixed trade sets: empty, one trade, 24h window edges, exact decimals, ties.
import { describe, expect, it } from "vitest";
import { formatPercent } from "@/lib/market/format";
import { computeTicker, directionOf, percentChange, TICKER_WINDOW_MS, tradeTimeMs, type TradeInput } from "@/lib/market/ticker";
import { Dec } from "@/lib/market/decimal";
import { Prisma } from "@/lib/generated/prisma/browser";

const NOW = new Date("2025-03-10T12:00:00.000Z");
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow);
const HOUR = 60 * 60 * 1000;

function trade(id: number, price: string, amount: string, createdAt: Date | string): TradeInput {
  return { id, price, amount, createdAt };
}

describe("computeTicker", () => {
  it("with no trades has no prices, zero volume and a flat direction", () => {
    expect(computeTicker([], NOW)).toEqual({
      last: null, open24h: null, change: null, changePercent: null, high: null, low: null,
      volume: "0", tradeCount: 0, direction: "flat", lastTradeId: null, lastTradeAt: null,
    });
  });

  it("with one trade in the window: open = high = low = last, zero change", () => {
    expect(computeTicker([trade(7, "100.5", "2", at(HOUR))], NOW)).toEqual({
      last: "100.5", open24h: "100.5", change: "0", changePercent: "0.00", high: "100.5", low: "100.5",
      volume: "2", tradeCount: 1, direction: "flat", lastTradeId: 7,
      lastTradeAt: "2025-03-10T11:00:00.000Z",
    });
  });

  it("with only trades older than 24h keeps the last price and empties the window fields", () => {
    const ticker = computeTicker([trade(1, "90", "1", at(30 * HOUR)), trade(2, "95", "1", at(25 * HOUR))], NOW);
    expect(ticker).toMatchObject({
      last: "95", open24h: null, change: null, changePercent: null, high: null, low: null,
      volume: "0", tradeCount: 0, direction: "flat", lastTradeId: 2,
    });
  });

  it("uses the latest trade overall for last and the first in-window trade for open", () => {
    const trades = [
      trade(1, "80", "5", at(30 * HOUR)),
      trade(2, "100", "1", at(20 * HOUR)),
      trade(3, "120", "2", at(10 * HOUR)),
      trade(4, "90", "3", at(5 * HOUR)),
      trade(5, "110", "4", at(1 * HOUR)),
    ];
    expect(computeTicker(trades, NOW)).toMatchObject({
      last: "110", open24h: "100", change: "10", changePercent: "10.00", high: "120", low: "90",
      volume: "10", tradeCount: 4, direction: "up", lastTradeId: 5,
    });
  });

  it("does not depend on input order", () => {
    const trades = [
      trade(3, "120", "2", at(10 * HOUR)),
      trade(5, "110", "4", at(1 * HOUR)),
      trade(2, "100", "1", at(20 * HOUR)),
      trade(4, "90", "3", at(5 * HOUR)),
    ];
    expect(computeTicker(trades, NOW)).toEqual(computeTicker([...trades].reverse(), NOW));
    expect(computeTicker(trades, NOW).open24h).toBe("100");
  });

  it("reports a fall as down with a negative change and percent", () => {
    const ticker = computeTicker([trade(1, "200", "1", at(2 * HOUR)), trade(2, "150", "1", at(HOUR))], NOW);
    expect(ticker).toMatchObject({ change: "-50", changePercent: "-25.00", direction: "down" });
  });

  describe("24h window edges: (now - 24h, now]", () => {
    it("excludes a trade exactly 24h old", () => {
      const ticker = computeTicker([trade(1, "50", "1", at(TICKER_WINDOW_MS)), trade(2, "60", "2", at(HOUR))], NOW);
      expect(ticker).toMatchObject({ open24h: "60", low: "60", high: "60", volume: "2", tradeCount: 1 });
    });

    it("includes a trade one millisecond younger than 24h", () => {
      const ticker = computeTicker([trade(1, "50", "1", at(TICKER_WINDOW_MS - 1)), trade(2, "60", "2", at(HOUR))], NOW);
      expect(ticker).toMatchObject({ open24h: "50", low: "50", high: "60", volume: "3", tradeCount: 2, change: "10", changePercent: "20.00" });
    });

    it("keeps a lone trade exactly 24h old as last but not in the window", () => {
      expect(computeTicker([trade(1, "50", "1", at(TICKER_WINDOW_MS))], NOW)).toMatchObject({
        last: "50", open24h: null, volume: "0", tradeCount: 0, direction: "flat",
      });
    });

    it("includes a trade exactly at now", () => {
      expect(computeTicker([trade(1, "50", "1", NOW)], NOW)).toMatchObject({ last: "50", tradeCount: 1 });
    });

    it("ignores trades after now", () => {
      const ticker = computeTicker([trade(1, "50", "1", at(HOUR)), trade(2, "999", "9", at(-1))], NOW);
      expect(ticker).toMatchObject({ last: "50", high: "50", volume: "1", lastTradeId: 1 });
    });
  });

  describe("exact decimals", () => {
    it("sums 0.1 + 0.2 to exactly 0.3", () => {
      const ticker = computeTicker([trade(1, "1", "0.1", at(2 * HOUR)), trade(2, "1", "0.2", at(HOUR))], NOW);
      expect(ticker.volume).toBe("0.3");
    });

    it("keeps 1e-8 amounts and prices exact, without exponent notation", () => {
      const trades = [1, 2, 3].map((id) => trade(id, "0.00000001", "0.00000001", at(id * HOUR)));
      trades.push(trade(4, "0.00000003", "0.00000001", at(0)));
      const ticker = computeTicker(trades, NOW);
      expect(ticker).toMatchObject({
        open24h: "0.00000001", last: "0.00000003", change: "0.00000002", changePercent: "200.00",
        low: "0.00000001", volume: "0.00000004",
      });
    });

    it("keeps large prices with many digits exact", () => {
      const trades = [
        trade(1, "98765432109876.12345678", "12345678.87654321", at(2 * HOUR)),
        trade(2, "98765432109876.12345679", "0.00000001", at(HOUR)),
      ];
      expect(computeTicker(trades, NOW)).toMatchObject({
        last: "98765432109876.12345679", change: "0.00000001", changePercent: "0.00", direction: "up",
        high: "98765432109876.12345679", low: "98765432109876.12345678", volume: "12345678.87654322",
      });
    });

    it("accepts Prisma Decimal values and normalizes trailing zeros", () => {
      const ticker = computeTicker(
        [{ id: 1, price: new Prisma.Decimal("100.50"), amount: new Prisma.Decimal("1e-8"), createdAt: at(HOUR) }],
        NOW,
      );
      expect(ticker).toMatchObject({ last: "100.5", volume: "0.00000001" });
    });

    it("accepts ISO strings as times", () => {
      expect(computeTicker([trade(1, "5", "1", "2025-03-10T11:59:59.999Z")], NOW).tradeCount).toBe(1);
    });

    it("rejects float-like garbage", () => {
      expect(() => computeTicker([trade(1, "NaN", "1", at(HOUR))], NOW)).toThrow(TypeError);
      expect(() => computeTicker([trade(1, "1", "abc", at(HOUR))], NOW)).toThrow(TypeError);
    });
  });

  describe("ordering ties", () => {
    it("treats the higher id as later when two trades share a timestamp", () => {
      const when = at(HOUR);
      const ticker = computeTicker([trade(11, "200", "1", when), trade(10, "100", "1", when)], NOW);
      expect(ticker).toMatchObject({ open24h: "100", last: "200", lastTradeId: 11, direction: "up" });
    });

    it("is flat when last equals open even with movement in between", () => {
      const trades = [trade(1, "100", "1", at(3 * HOUR)), trade(2, "130", "1", at(2 * HOUR)), trade(3, "100", "1", at(HOUR))];
      expect(computeTicker(trades, NOW)).toMatchObject({ change: "0", changePercent: "0.00", direction: "flat", high: "130" });
    });
  });
});

describe("percentChange", () => {
  it("rounds half up to two places", () => {
    expect(percentChange(new Dec("1"), new Dec("3"))).toBe("33.33");
    expect(percentChange(new Dec("2"), new Dec("3"))).toBe("66.67");
    expect(percentChange(new Dec("0.00005"), new Dec("1"))).toBe("0.01");
    expect(percentChange(new Dec("-0.00004"), new Dec("1"))).toBe("0.00");
  });

  it("is null for a zero open", () => {
    expect(percentChange(new Dec("1"), new Dec("0"))).toBeNull();
  });
});

describe("directionOf", () => {
  it("follows the sign", () => {
    expect(directionOf("0.00000001")).toBe("up");
    expect(directionOf("-0.00000001")).toBe("down");
    expect(directionOf("0")).toBe("flat");
    expect(directionOf(null)).toBe("flat");
  });
});

describe("edge cases", () => {
  it("shows a fall too small for two decimals as 0.00%, never -0.00%, and still as down", () => {
    const ticker = computeTicker([trade(1, "100000", "1", at(2 * HOUR)), trade(2, "99999.99", "1", at(HOUR))], NOW);
    expect(ticker).toMatchObject({ change: "-0.01", changePercent: "0.00", direction: "down" });
    expect(formatPercent(ticker.changePercent)).toBe("0.00%");
    expect(percentChange(new Dec("-0.004"), new Dec("100"))).toBe("0.00");
  });

  it.each(["not a date", "2025-13-40T00:00:00Z", new Date(Number.NaN)])("refuses a trade time %j with a TypeError naming it", (createdAt) => {
    expect(() => computeTicker([trade(1, "1", "1", createdAt)], NOW)).toThrow(new TypeError(`Invalid trade time: ${String(createdAt)}`));
    expect(() => tradeTimeMs(createdAt)).toThrow(TypeError);
  });
});
