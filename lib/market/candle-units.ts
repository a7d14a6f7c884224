// Market-data amounts as exact scaled integers: every price and amount the Candle table keeps is a count
// of 10^-8 units (CANDLE_SCALE), so sums, highs and lows are integer arithmetic in SQLite and in JS.
// 8 decimals is the most any trade carries (the trade form's limit; exchange fills have their tick's and
// lot's decimals, at most 4 today). Safe in the browser.
import { formatScaled, parseScaledOrThrow, pow10 } from "@/lib/exchange/engine/decimal";
import { Dec } from "@/lib/market/decimal";
import { canonicalDecimal } from "@/lib/schemas/decimal";

/** Decimals of every Candle price and volume: 1 unit = 10^-8. */
export const CANDLE_SCALE = 8;

/** A plain decimal string ("0.1", "64000.12") as candle units; throws beyond 8 decimals or when malformed. */
export function toCandleUnits(decimal: string): bigint {
  return parseScaledOrThrow(decimal, CANDLE_SCALE, "trade price or amount");
}

/** A value at `scale` decimals (an exchange fill's price or volume) as candle units, exactly. */
export function rescaleToCandleUnits(value: bigint, scale: number): bigint {
  if (scale <= CANDLE_SCALE) return value * pow10(CANDLE_SCALE - scale);
  const divisor = pow10(scale - CANDLE_SCALE);
  if (value % divisor !== 0n) throw new RangeError(`${formatScaled(value, scale)} has more than ${CANDLE_SCALE} decimals`);
  return value / divisor;
}

/** Candle units back to a canonical decimal string ("6400012000000" -> "64000.12"). */
export function fromCandleUnits(units: bigint): string {
  const text = formatScaled(units, CANDLE_SCALE);
  return units < 0n ? `-${canonicalDecimal(text.slice(1))}` : canonicalDecimal(text);
}

/**
 * A DECIMAL column's value as SQLite hands it over (an INTEGER, or a REAL: a double, which keeps the
 * stored value's at most 15 significant digits) as a plain decimal string: the shortest text that reads
 * back as the same double, which is the decimal that was written ("1e-8" -> "0.00000001").
 */
export function sqliteDecimalText(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isFinite(value)) throw new TypeError(`Not a finite decimal: ${value}`);
  const text = String(value);
  return /e/i.test(text) ? new Dec(text).toFixed() : text;
}
