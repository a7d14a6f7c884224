// The demo market maker's price model: a bounded random walk around the last price, in exact decimals.
// Randomness comes in as integers drawn from a [0, 1) source; every price and amount is a Decimal
// quantized to the market's tick and lot sizes, within the trade form's limits.
import { Dec, decString, toDec } from "@/lib/market/decimal";
import type { TradeDto } from "@/lib/schemas/market";

/** A source of uniform numbers in [0, 1) (Math.random, or a seeded one for tests and replays). */
export type Random = () => number;

/** Shape of the walk. Decimal options are strings. */
export interface WalkOptions {
  /** Price step: every price is a multiple of it ("0.01"). */
  tick: string;
  /** Largest move per trade, in basis points of the last price (15 = 0.15%). */
  maxStepBps: number;
  /** Amount step ("0.000001"). */
  lot: string;
  /** Notional per trade (price x amount) is drawn between these, in quote units. */
  minNotional: string;
  maxNotional: string;
  /** Highest price the walk may reach (the trade form's limit). */
  maxPrice: string;
}

/** Defaults that keep trades within the form's limits (8 decimals, 15 significant digits). */
export const DEFAULT_WALK: WalkOptions = {
  tick: "0.01",
  maxStepBps: 15,
  lot: "0.000001",
  minNotional: "20",
  maxNotional: "2500",
  maxPrice: "10000000",
};

/** What the market maker records next: the same fields the trade form submits. */
export interface SimulatedTrade {
  side: TradeDto["side"];
  price: string;
  amount: string;
}

const RESOLUTION = 1_000_000;

/** A uniform integer in [-RESOLUTION, RESOLUTION]. */
function signedUnit(random: Random): number {
  return Math.min(2 * RESOLUTION, Math.floor(random() * (2 * RESOLUTION + 1))) - RESOLUTION;
}

/** mulberry32: a small deterministic PRNG for reproducible walks. */
export function createSeededRandom(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The next price: last +/- up to maxStepBps, rounded to the tick, kept within [tick, maxPrice].
 * Returns the price and the direction of the move (0 when it rounded to no change).
 */
export function nextPrice(last: string, random: Random, options: WalkOptions = DEFAULT_WALK): { price: string; move: -1 | 0 | 1 } {
  const lastPrice = toDec(last);
  const tick = toDec(options.tick);
  const step = lastPrice.times(signedUnit(random)).times(options.maxStepBps).div(RESOLUTION * 10_000);
  let price = lastPrice.plus(step).toNearest(tick, Dec.ROUND_HALF_UP);
  if (price.lessThan(tick)) price = tick;
  const max = toDec(options.maxPrice).toNearest(tick, Dec.ROUND_DOWN);
  if (price.greaterThan(max)) price = max;
  const move = price.comparedTo(lastPrice.toNearest(tick, Dec.ROUND_HALF_UP));
  return { price: decString(price), move: move > 0 ? 1 : move < 0 ? -1 : 0 };
}

/** An amount worth between minNotional and maxNotional at `price` (small trades more likely), at least one lot. */
export function nextAmount(price: string, random: Random, options: WalkOptions = DEFAULT_WALK): string {
  const lot = toDec(options.lot);
  const min = toDec(options.minNotional);
  const span = toDec(options.maxNotional).minus(min);
  const skewed = Math.floor(random() * random() * RESOLUTION); // in [0, RESOLUTION), skewed towards 0
  const notional = min.plus(span.times(skewed).div(RESOLUTION));
  const amount = notional.div(toDec(price)).toNearest(lot, Dec.ROUND_DOWN);
  return decString(amount.lessThan(lot) ? lot : amount);
}

/** The next trade of the walk from `last`: an uptick is a buy, a downtick a sell, no change either. */
export function nextSimulatedTrade(last: string, random: Random, options: WalkOptions = DEFAULT_WALK): SimulatedTrade {
  const { price, move } = nextPrice(last, random, options);
  const side = move > 0 ? "buy" : move < 0 ? "sell" : random() < 0.5 ? "buy" : "sell";
  return { side, price, amount: nextAmount(price, random, options) };
}
