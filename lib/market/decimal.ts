// Exact decimal arithmetic for market data: Prisma's decimal.js, cloned with enough precision
// that sums and differences of stored prices/amounts are never rounded. Safe in the browser.
import { Prisma } from "@/lib/generated/prisma/browser";

/** Decimal constructor used by all market math: 60 significant digits, half-up rounding. */
export const Dec = Prisma.Decimal.clone({ precision: 60, rounding: Prisma.Decimal.ROUND_HALF_UP });

/** A decimal instance of the market-math constructor. */
export type Dec = InstanceType<typeof Dec>;

/** What market math accepts as a decimal: a decimal string or any decimal.js instance (Prisma's). */
export type DecimalInput = string | InstanceType<typeof Prisma.Decimal>;

const DECIMAL_PATTERN = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses a decimal input exactly; throws on anything that is not a finite decimal. */
export function toDec(value: DecimalInput): Dec {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) throw new TypeError(`Not a decimal: ${JSON.stringify(value)}`);
    return new Dec(trimmed);
  }
  const parsed = new Dec(value);
  if (!parsed.isFinite()) throw new TypeError("Not a finite decimal");
  return parsed;
}

/** Plain decimal string without exponent or trailing zeros ("1e-8" -> "0.00000001"). */
export function decString(value: Dec): string {
  const text = value.toFixed();
  return text === "-0" ? "0" : text;
}

/** Canonical form of a decimal input as a plain string. */
export function normalizeDecimal(value: DecimalInput): string {
  return decString(toDec(value));
}
