// The market maker's random walk and command line: exact, bounded, plausible, reproducible.
import { describe, expect, it } from "vitest";
import { Dec } from "@/lib/market/decimal";
import { createSeededRandom, DEFAULT_WALK, nextAmount, nextPrice, nextSimulatedTrade } from "@/lib/simulator/random-walk";
import { parseSimulatorArgs } from "@/lib/simulator/simulator-args";
import { tradeInputSchema } from "@/lib/schemas/trade";

/** A source that returns the given values in turn (for exact edge cases). */
function fixed(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

describe("nextPrice", () => {
  it("moves at most maxStepBps and lands on the tick", () => {
    expect(nextPrice("10000", fixed(0.999_999_9))).toEqual({ price: "10015", move: 1 }); // +0.15%
    expect(nextPrice("10000", fixed(0))).toEqual({ price: "9985", move: -1 }); // -0.15%
    expect(nextPrice("10000", fixed(0.5))).toEqual({ price: "10000", move: 0 });
    expect(nextPrice("64500.37", fixed(0.75)).price).toBe("64548.75"); // +0.075% = 48.375 -> half-up to the cent
  });

  it("never goes below one tick or above the limit", () => {
    expect(nextPrice("0.01", fixed(0)).price).toBe("0.01");
    expect(nextPrice("10000000", fixed(0.999_999_9)).price).toBe("10000000");
  });

  it("quantizes a last price off the tick without float noise", () => {
    expect(nextPrice("0.30000000000000004", fixed(0.5))).toEqual({ price: "0.3", move: 0 });
  });
});

describe("nextAmount", () => {
  it("buys between the notional bounds in whole lots", () => {
    expect(nextAmount("50000", fixed(0))).toBe("0.0004"); // 20 / 50000
    const large = new Dec(nextAmount("50000", fixed(0.999_999_9, 0.999_999_9)));
    expect(large.lessThanOrEqualTo(new Dec("2500").div("50000"))).toBe(true);
    expect(large.greaterThan("0.049")).toBe(true);
  });

  it("is at least one lot even at huge prices", () => {
    expect(nextAmount("10000000", fixed(0))).toBe("0.000002");
    expect(nextAmount("100000000000", fixed(0))).toBe("0.000001");
  });
});

describe("nextSimulatedTrade", () => {
  it("is reproducible from a seed and always valid form input", () => {
    const walk = (seed: number) => {
      const random = createSeededRandom(seed);
      const trades = [];
      let last = "64500";
      for (let i = 0; i < 2000; i += 1) {
        const trade = nextSimulatedTrade(last, random);
        trades.push(trade);
        last = trade.price;
      }
      return trades;
    };
    const first = walk(42);
    expect(walk(42)).toEqual(first);
    expect(walk(43)).not.toEqual(first);
    let previous = new Dec("64500");
    for (const trade of first) {
      const parsed = tradeInputSchema.parse({ marketId: "btcusd", ...trade });
      expect(parsed.price).toBe(trade.price);
      expect(parsed.amount).toBe(trade.amount);
      const price = new Dec(trade.price);
      expect(price.mod(DEFAULT_WALK.tick).isZero()).toBe(true);
      expect(price.minus(previous).abs().lessThanOrEqualTo(previous.times("0.0015").plus("0.005"))).toBe(true);
      const move = price.comparedTo(previous);
      if (move > 0) expect(trade.side).toBe("buy");
      if (move < 0) expect(trade.side).toBe("sell");
      previous = price;
    }
  });
});

describe("parseSimulatorArgs", () => {
  it("reads --name value and --name=value forms", () => {
    expect(parseSimulatorArgs(["--rate", "2", "--market", "btcusd"], {})).toEqual({ rate: 2, market: "btcusd", logEvery: 10, verbose: false });
    expect(parseSimulatorArgs(["--rate=0.5", "--count=10", "--duration=30", "--seed=7", "--log-every=5", "--verbose"], {})).toEqual({
      rate: 0.5, market: "all", count: 10, duration: 30, seed: 7, logEvery: 5, verbose: true,
    });
  });

  it("defaults to 1 trade/s on every market (or SIMULATE_RATE), a summary line every 10 s", () => {
    expect(parseSimulatorArgs([], {})).toEqual({ rate: 1, market: "all", logEvery: 10, verbose: false });
    expect(parseSimulatorArgs([], { SIMULATE_RATE: "3" }).rate).toBe(3);
  });

  it("refuses bad values with the usage line", () => {
    expect(() => parseSimulatorArgs(["--rate", "0"], {})).toThrow(/--rate.*\n.*usage/);
    expect(() => parseSimulatorArgs(["--market", "BTC-USD"], {})).toThrow(/--market/);
    expect(() => parseSimulatorArgs(["--count", "1.5"], {})).toThrow(/--count/);
    expect(() => parseSimulatorArgs(["--log-every", "0"], {})).toThrow(/--log-every/);
    expect(() => parseSimulatorArgs(["--verbose=yes"], {})).toThrow();
    expect(() => parseSimulatorArgs(["--bogus"], {})).toThrow();
  });
});
