// The order form's arithmetic, exact (scaled bigints, never floats) and safe in the browser: the total
// of an order, the amount a 25/50/75/100% button puts in, and the market's rules as the form shows them
// (price step, lot size, minimum value, the price band around the last price), at the market's precision.
// The rules themselves are the matching engine's to enforce: the form only shows them.
import { formatScaled, parseScaled, pow10 } from "@/lib/exchange/engine/decimal";
import { priceBandLimits, type Market } from "@/lib/exchange/engine/market";

/** One of the form's share buttons: a percentage of the available balance. */
export type SharePercent = 25 | 50 | 75 | 100;

/** The shares the form offers. */
export const SHARE_PERCENTS: readonly SharePercent[] = [25, 50, 75, 100];

/** A decimal string at `scale` as a scaled bigint, or null when it is not a positive value at that precision. */
function readPositive(text: string | null | undefined, scale: number): bigint | null {
  if (!text) return null;
  const parsed = parseScaled(text.trim(), scale);
  return parsed.ok && parsed.value > 0n ? parsed.value : null;
}

/** Price x amount in the quote currency, exact (the funds precision: price decimals + amount decimals); null when either is not a valid positive value. */
export function orderTotal(market: Market, price: string | null | undefined, amount: string | null | undefined): string | null {
  const scaledPrice = readPositive(price, market.priceScale);
  const volume = readPositive(amount, market.amountScale);
  if (scaledPrice === null || volume === null) return null;
  return formatScaled(scaledPrice * volume, market.fundsScale);
}

/** What a share button fills in: the amount (whole lots) and, for a market buy, the spend limit. */
export interface ShareFill {
  amount: string;
  /** Market buys only: the quote currency to spend at most. */
  spend: string | null;
}

/**
 * The amount `percent` of the available balance buys or sells: a sell's share of the base balance; a
 * buy's share of the quote balance at `price` (the limit price, or for a market buy the last price, with
 * the share itself as the spend limit). Rounded down to whole lots; null when nothing fits (no balance,
 * no usable price, less than one lot).
 */
export function shareOfBalance(market: Market, { side, kind, available, price, percent }: { side: "buy" | "sell"; kind: "limit" | "market"; available: string | null; price: string | null; percent: SharePercent }): ShareFill | null {
  const scale = side === "sell" ? market.baseScale : market.quoteScale;
  const balance = available === null ? null : readPositive(available, scale);
  if (balance === null) return null;
  const share = (balance * BigInt(percent)) / 100n;
  if (side === "sell") {
    const volume = share / market.baseFactor;
    const lots = volume - (volume % market.lot);
    return lots > 0n ? { amount: formatScaled(lots, market.amountScale), spend: null } : null;
  }
  const scaledPrice = readPositive(price, market.priceScale);
  if (scaledPrice === null) return null;
  // share is in quote units (quoteScale); funds units are price x volume (fundsScale).
  const funds = share / market.quoteFactor;
  const volume = funds / scaledPrice;
  const lots = volume - (volume % market.lot);
  if (lots <= 0n) return null;
  // A market buy spends at most the share, shown at the price's precision (rounded down).
  const spendUnits = share / pow10(market.quoteScale - market.priceScale);
  const spend = kind === "market" ? formatScaled(spendUnits, market.priceScale) : null;
  return { amount: formatScaled(lots, market.amountScale), spend };
}

/** The market's rules as the form shows them, each at the market's precision. */
export interface RulesView {
  /** The price step, e.g. "0.01". */
  tickSize: string;
  /** The amount step, e.g. "0.0001". */
  lotSize: string;
  /** Smallest price x amount, at the price's precision, e.g. "10.00". */
  minOrderValue: string;
  /** The band as a percentage ("20"), or null for a market without one. */
  bandPercent: string | null;
  /** The prices a limit order may take now (the band around the last trade price), or null (no band, or no trade yet). */
  band: { low: string; high: string; reference: string } | null;
}

/** `market`'s rules, the band computed around `lastPrice` exactly as the engine does. */
export function describeRules(market: Market, lastPrice: string | null): RulesView {
  const minUnits = market.minValue / pow10(market.fundsScale - market.priceScale);
  const roundsUp = market.minValue % pow10(market.fundsScale - market.priceScale) !== 0n;
  const bandPercent = market.bandMicros === null ? null : formatPercent(market.bandMicros);
  const reference = referencePrice(market, lastPrice);
  const limits = reference === null ? null : priceBandLimits(market, reference);
  const band = limits === null || reference === null ? null : { low: formatScaled(limits.low, market.priceScale), high: formatScaled(limits.high, market.priceScale), reference: formatScaled(reference, market.priceScale) };
  return {
    tickSize: formatScaled(market.tick, market.priceScale),
    lotSize: formatScaled(market.lot, market.amountScale),
    minOrderValue: formatScaled(roundsUp ? minUnits + 1n : minUnits, market.priceScale),
    bandPercent,
    band,
  };
}

/** The band's reference as the engine takes it: the last trade price cut to the price's precision (null without one). */
function referencePrice(market: Market, lastPrice: string | null): bigint | null {
  const match = lastPrice === null ? null : /^(\d+)(?:\.(\d+))?$/.exec(lastPrice.trim());
  if (!match) return null;
  const value = BigInt(`${match[1]}${(match[2] ?? "").slice(0, market.priceScale).padEnd(market.priceScale, "0")}`);
  return value > 0n ? value : null;
}

/** Micros (fraction x 10^6) as a percentage without trailing zeros: 200000 -> "20", 12500 -> "1.25". */
function formatPercent(micros: bigint): string {
  return formatScaled(micros, 4).replace(/\.?0+$/, "") || "0";
}

/** A decimal string written at the price's precision, when it is one ("64251.5" -> "64251.50"); anything else as typed. */
export function atPricePrecision(market: Market, text: string): string {
  const parsed = parseScaled(text.replace(/,/g, "").trim(), market.priceScale);
  return parsed.ok && parsed.value > 0n ? formatScaled(parsed.value, market.priceScale) : text;
}
