// The order mix of the app bench's order phase: limit buys and sells with Gaussian prices around the
// book's mid (bids centred a little below it, asks a little above, as in bench:engine's stream), so
// some cross the spread and trade and the rest rest in the book; amounts uniform on the lot. Seeded.
import { createSeededRandom, type Random } from "../../../lib/simulator/random-walk.ts";

/** Shape of the mix, relative to the mid so it suits any market. */
export interface OrderMixOptions {
  /** Mid price in ticks. */
  midTicks: number;
  /** Bids are drawn around mid x (1 - halfSpread), asks around mid x (1 + halfSpread). */
  halfSpread: number;
  /** Standard deviation of prices, as a fraction of the mid. */
  sd: number;
  /** Amounts are uniform in minLots..maxLots lots. */
  minLots: number;
  maxLots: number;
  seed: number;
}

/** The market's steps as the book route gives them: tick and lot sizes, each a power of ten. */
export interface MarketSteps {
  tickSize: string;
  lotSize: string;
}

/** Defaults: bids N(mid - 0.2%, 0.6%), asks N(mid + 0.2%, 0.6%) (bench:engine's shape), 10 to 500 lots. */
export const DEFAULT_MIX: Omit<OrderMixOptions, "midTicks" | "seed"> = { halfSpread: 0.002, sd: 0.006, minLots: 10, maxLots: 500 };

/** One limit order of the mix, fields as the order form sends them. */
export interface MixOrder {
  side: "buy" | "sell";
  price: string;
  volume: string;
}

/** Decimal places of a step that is a power of ten ("0.01" -> 2, "1" -> 0); throws otherwise. */
export function decimalsOf(step: string): number {
  const trimmed = step.includes(".") ? step.replace(/0+$/, "").replace(/\.$/, "") : step;
  const match = /^(?:1|0\.(0*)1)$/.exec(trimmed);
  if (!match) throw new Error(`step ${step} is not a power of ten`);
  return match[1] === undefined ? 0 : match[1].length + 1;
}

/** `units` steps of 10^-decimals as a plain decimal string. */
export function formatSteps(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const text = String(units).padStart(decimals + 1, "0");
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** Parses a decimal price into ticks of 10^-decimals (rounded to the nearest tick). */
export function toTicks(price: string, decimals: number): number {
  return Math.round(Number(price) * 10 ** decimals);
}

function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A seeded source of mix orders for a market with `steps`. */
export function createOrderMix(steps: MarketSteps, options: OrderMixOptions): () => MixOrder {
  const random = createSeededRandom(options.seed);
  const priceDecimals = decimalsOf(steps.tickSize);
  const amountDecimals = decimalsOf(steps.lotSize);
  return () => {
    const side = random() < 0.5 ? "buy" : "sell";
    const centre = options.midTicks * (side === "buy" ? 1 - options.halfSpread : 1 + options.halfSpread);
    const ticks = Math.max(1, Math.round(centre + gaussian(random) * options.sd * options.midTicks));
    const lots = options.minLots + Math.floor(random() * (options.maxLots - options.minLots + 1));
    return { side, price: formatSteps(ticks, priceDecimals), volume: formatSteps(lots, amountDecimals) };
  };
}
