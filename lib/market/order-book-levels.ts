// The order book as the page shows it, as pure functions of the feed's levels ([price, amount] decimal
// strings, best first): price grouping, cumulative depth, the spread. Exact: every sum and rounding is
// done on scaled bigints, never on floats; only depthShare makes a number, for a bar's CSS width.
import { decimalsOf, formatScaled, parseScaled, pow10 } from "@/lib/exchange/engine/decimal";

/** One level as the feed carries it: [price, total amount resting at it]. */
export type BookLevel = readonly [price: string, amount: string];

/** Asks are sell orders (best = lowest), bids buy orders (best = highest). */
export type BookSide = "ask" | "bid";

/** Decimals a market shows: its tick size's for prices, its lot size's for amounts. */
export interface MarketPrecision {
  price: number;
  amount: number;
}

/** One row of a side with the running total from the best level to it. */
export interface DepthRow {
  price: string;
  amount: string;
  total: string;
}

/** The precision of a market with `tickSize` and `lotSize` ("0.01", "0.0001" -> 2 and 4 decimals). */
export function precisionOf(tickSize: string, lotSize: string): MarketPrecision {
  return { price: decimalsOf(tickSize), amount: decimalsOf(lotSize) };
}

/** The schema's defaults for a market row that does not say (Market.tickSize, Market.lotSize). */
const DEFAULT_TICK_SIZE = "0.01";
const DEFAULT_LOT_SIZE = "0.0001";

/** The precision of a market summary (its tick and lot sizes, the schema's defaults when absent). */
export function precisionOfMarket(market: { tickSize?: string | undefined; lotSize?: string | undefined }): MarketPrecision {
  return precisionOf(market.tickSize ?? DEFAULT_TICK_SIZE, market.lotSize ?? DEFAULT_LOT_SIZE);
}

/** Decimals of a plain decimal string ("12.340" -> 3); 0 for an integer. */
function fractionDigits(value: string): number {
  return value.split(".")[1]?.length ?? 0;
}

function scaled(value: string, scale: number): bigint {
  const parsed = parseScaled(value, scale);
  if (!parsed.ok) throw new RangeError(`"${value}" is not a decimal with at most ${scale} decimals`);
  return parsed.value;
}

/** "10.00" -> "10", "0.10" -> "0.1": a step as its label. */
function trimZeros(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}

/**
 * The grouping steps a market offers: its tick size and `count - 1` tenfold multiples of it
 * ("0.01" -> ["0.01", "0.1", "1", "10"]), as plain decimal strings without trailing zeros.
 */
export function groupingStepsFor(tickSize: string, count = 4): string[] {
  const scale = decimalsOf(tickSize);
  const tick = scaled(tickSize, scale);
  if (tick <= 0n) throw new RangeError(`tick size must be positive, got "${tickSize}"`);
  return Array.from({ length: count }, (_, power) => trimZeros(formatScaled(tick * pow10(power), scale)));
}

/**
 * Groups one side's levels (best first) into buckets of `step`: asks round up and bids round down, so a
 * grouped price is never better than an order in it (what every exchange's book does); the amounts of a
 * bucket add up exactly. Prices come out at the market's price decimals, amounts at its amount decimals
 * (more when a level carries more, so no digit is ever dropped). The order stays best first.
 */
export function groupLevels(levels: readonly BookLevel[], side: BookSide, step: string, precision: MarketPrecision): BookLevel[] {
  const priceScale = Math.max(precision.price, decimalsOf(step), ...levels.map(([price]) => fractionDigits(price)));
  const amountScale = Math.max(precision.amount, ...levels.map(([, amount]) => fractionDigits(amount)));
  const stepUnits = scaled(step, priceScale);
  if (stepUnits <= 0n) throw new RangeError(`grouping step must be positive, got "${step}"`);
  const grouped: { price: bigint; amount: bigint }[] = [];
  for (const [priceText, amountText] of levels) {
    const price = scaled(priceText, priceScale);
    const below = price - (((price % stepUnits) + stepUnits) % stepUnits);
    const bucket = side === "bid" || below === price ? below : below + stepUnits;
    const amount = scaled(amountText, amountScale);
    const last = grouped.at(-1);
    if (last && last.price === bucket) last.amount += amount;
    else grouped.push({ price: bucket, amount });
  }
  return grouped.map(({ price, amount }) => [shownAt(formatScaled(price, priceScale), precision.price), formatScaled(amount, amountScale)]);
}

/** Drops trailing zeros past `decimals` ("64510.0000" at 2 -> "64510.00"); keeps any significant digit. */
function shownAt(value: string, decimals: number): string {
  const [whole = "0", fraction = ""] = value.split(".");
  let end = fraction.length;
  while (end > decimals && fraction[end - 1] === "0") end -= 1;
  const kept = fraction.slice(0, end);
  return kept ? `${whole}.${kept}` : whole;
}

/** Each level with the running total of the amounts from the best level to it (exact, at the widest decimals seen). */
export function accumulateDepth(levels: readonly BookLevel[]): DepthRow[] {
  const scale = Math.max(0, ...levels.map(([, amount]) => fractionDigits(amount)));
  let total = 0n;
  return levels.map(([price, amount]) => {
    total += scaled(amount, scale);
    return { price, amount, total: formatScaled(total, scale) };
  });
}

/** The larger of two decimal strings (for the deepest side's total: the bars' 100%). */
export function maxDecimal(a: string, b: string): string {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  return scaled(a, scale) >= scaled(b, scale) ? a : b;
}

/** `total` as a percentage of `max`, 0-100 with two decimals of resolution (a bar width; 0 when max is 0). */
export function depthShare(total: string, max: string): number {
  const scale = Math.max(fractionDigits(total), fractionDigits(max));
  const whole = scaled(max, scale);
  if (whole <= 0n) return 0;
  return Number((scaled(total, scale) * 10_000n) / whole) / 100;
}

/** The gap between the best ask and the best bid. */
export interface Spread {
  /** Best ask - best bid, at the prices' decimals (negative would mean a crossed book). */
  value: string;
  /** value / best ask x 100, rounded half up to two decimals. */
  percent: string;
}

/** The spread of a book given its best levels' prices; null when either side is empty. */
export function spreadOf(bestAsk: string | undefined, bestBid: string | undefined): Spread | null {
  if (bestAsk === undefined || bestBid === undefined) return null;
  const scale = Math.max(fractionDigits(bestAsk), fractionDigits(bestBid));
  const ask = scaled(bestAsk, scale);
  const difference = ask - scaled(bestBid, scale);
  if (ask <= 0n) return { value: formatScaled(difference, scale), percent: "0.00" };
  // Hundredths of a percent, rounded half up (away from zero).
  const numerator = difference * 10_000n * 2n;
  const rounded = (numerator + (numerator >= 0n ? ask : -ask)) / (ask * 2n);
  return { value: formatScaled(difference, scale), percent: formatScaled(rounded, 2) };
}
