// Where the market maker rests its orders: levels at fixed steps away from a mid price, on the tick,
// with amounts worth a random notional, on the lot. Exact: scaled integers in the market's units.
import { pow10, type Market, type Side } from "@/lib/exchange/engine";
import type { Random } from "@/lib/simulator/random-walk";

/** Shape of the maker's quotes. */
export interface QuoteOptions {
  /** Levels per side. */
  levels: number;
  /** Distance between levels, in basis points of the mid. */
  stepBps: number;
  /** Notional per order, whole quote units, drawn between these. */
  minNotional: number;
  maxNotional: number;
}

/** Ten levels each side, 10 bps apart, 300-6,000 quote units each. */
export const DEFAULT_QUOTES: QuoteOptions = { levels: 10, stepBps: 10, minNotional: 300, maxNotional: 6_000 };

/** The price of level `level` (1 = nearest) on `side` around `mid` (price units): asks round up, bids down, never below one tick. */
export function quotePrice(rules: Market, mid: bigint, side: Side, level: number, stepBps: number): bigint {
  let distance = (mid * BigInt(level * stepBps)) / 10_000n;
  if (distance < BigInt(level) * rules.tick) distance = BigInt(level) * rules.tick;
  if (side === "sell") {
    const raw = mid + distance;
    return raw + ((rules.tick - (raw % rules.tick)) % rules.tick);
  }
  const raw = mid - distance;
  const price = raw - (raw % rules.tick);
  return price < rules.tick ? rules.tick : price;
}

/** A volume (volume units, whole lots, at least one) worth about `notional` quote units at `price`. */
export function volumeForNotional(rules: Market, price: bigint, notional: bigint): bigint {
  const volume = (notional * pow10(rules.fundsScale)) / price;
  const lots = volume - (volume % rules.lot);
  return lots < rules.lot ? rules.lot : lots;
}

/** A random notional between the options' bounds (small ones more likely), in whole quote units. */
export function randomNotional(random: Random, options: QuoteOptions): bigint {
  const span = options.maxNotional - options.minNotional;
  return BigInt(options.minNotional + Math.floor(random() * random() * span));
}

/** The smallest volume (whole lots) worth at least the market's minimum order value at `price`. */
export function minimumVolume(rules: Market, price: bigint): bigint {
  const volume = (rules.minValue + price - 1n) / price;
  const lots = volume + ((rules.lot - (volume % rules.lot)) % rules.lot);
  return lots < rules.lot ? rules.lot : lots;
}
