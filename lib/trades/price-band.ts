// The price band: how far a trade's price may stray from the market's last trade price. Exact decimal
// math (no floats), safe in the browser; recordTrade applies it against the DB's last price.
import { Dec, decString, toDec, type DecimalInput } from "@/lib/market/decimal";
import { formatPrice } from "@/lib/market/format-market";
import { PRICE_BAND_PERCENT, TRADE_LIMITS } from "@/lib/schemas/trade";

/** The tradable prices around a last price, both ends included, as canonical decimal strings. */
export interface PriceBand {
  min: string;
  max: string;
}

/**
 * The band `percent` around `lastPrice`: last × (1 − p) to last × (1 + p), narrowed to prices a trade
 * can have (at most TRADE_LIMITS.price.maxDecimals decimals): the low end rounds up, the high end down.
 */
export function priceBand(lastPrice: DecimalInput, percent: number = PRICE_BAND_PERCENT): PriceBand {
  const last = toDec(lastPrice);
  const share = new Dec(percent).div(100);
  const decimals = TRADE_LIMITS.price.maxDecimals;
  const min = last.mul(new Dec(1).minus(share)).toDecimalPlaces(decimals, Dec.ROUND_UP);
  const max = last.mul(new Dec(1).plus(share)).toDecimalPlaces(decimals, Dec.ROUND_DOWN);
  return { min: decString(min), max: decString(max) };
}

/**
 * Why `price` is refused given the market's `lastPrice`, or null when it is inside the band (or there is
 * no last price yet: the first trade of a market may have any valid price).
 */
export function priceBandProblem(price: DecimalInput, lastPrice: DecimalInput | null, percent: number = PRICE_BAND_PERCENT): string | null {
  if (lastPrice === null) return null;
  const band = priceBand(lastPrice, percent);
  const value = toDec(price);
  if (value.gte(band.min) && value.lte(band.max)) return null;
  return `Price must be within ${percent}% of the last price (${formatPrice(band.min)} – ${formatPrice(band.max)})`;
}
