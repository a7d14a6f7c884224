// Exact decimals as scaled bigints: "12.34" at scale 2 is 1234n. Strings cross the boundary,
// bigints live inside the engine; nothing here ever goes through a float.

/** Most digits accepted on either side of the decimal point (keeps bigints and DB columns sane). */
export const MAX_DECIMAL_DIGITS = 30;

const DECIMAL_PATTERN = /^(-?)(\d{1,30})(?:\.(\d{1,30}))?$/;

/** Why a string is not a usable decimal at a given scale. */
export type DecimalParseFailure = "malformed" | "too_precise";

/** Result of {@link parseScaled}: the scaled value, or why it could not be read. */
export type ParsedDecimal = { ok: true; value: bigint } | { ok: false; reason: DecimalParseFailure };

const powers: bigint[] = [];

/** 10^n as a bigint (cached). */
export function pow10(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow10 needs a non-negative integer, got ${n}`);
  let value = powers[n];
  if (value === undefined) {
    value = 10n ** BigInt(n);
    powers[n] = value;
  }
  return value;
}

/**
 * Reads a plain decimal string ("-1", "0.50", "66893.12") as an integer count of 10^-scale units.
 * Digits past `scale` are accepted only when they are zeros ("1.500" at scale 2); otherwise the
 * value is "too_precise". Exponents, "+", spaces, "." alone and more than 30 digits are "malformed".
 */
export function parseScaled(text: string, scale: number): ParsedDecimal {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return { ok: false, reason: "malformed" };
  const sign = match[1] ?? "";
  const whole = match[2] ?? "0";
  const fraction = match[3] ?? "";
  const kept = fraction.slice(0, scale);
  if (/[^0]/.test(fraction.slice(scale))) return { ok: false, reason: "too_precise" };
  const digits = whole + kept.padEnd(scale, "0");
  const value = BigInt(digits);
  return { ok: true, value: sign === "-" ? -value : value };
}

/** {@link parseScaled} for trusted configuration and stored values: throws instead of failing. */
export function parseScaledOrThrow(text: string, scale: number, what: string): bigint {
  const parsed = parseScaled(text, scale);
  if (!parsed.ok) throw new RangeError(`${what}: "${text}" is not a decimal with at most ${scale} decimals (${parsed.reason})`);
  return parsed.value;
}

/** Writes a scaled bigint back as a plain decimal string with exactly `scale` decimals ("12.30"). */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, "0");
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Number of decimals a config string such as "0.01" or "5" carries (trailing zeros count). */
export function decimalsOf(text: string): number {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal`);
  return (match[3] ?? "").length;
}
