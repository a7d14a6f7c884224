// Display formatting of decimal strings as text (never through floats), identical on server and client.

/** Placeholder shown for a value that does not exist (no trades yet). */
export const MISSING = "—";

/** Groups the integer part in threes and pads the fraction to `minDecimals` (padding only, no rounding). */
export function formatDecimal(value: string | null | undefined, minDecimals = 0): string {
  if (value === null || value === undefined) return MISSING;
  const negative = value.startsWith("-");
  const [integer = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const padded = fraction.padEnd(minDecimals, "0");
  return `${negative ? "-" : ""}${grouped}${padded ? `.${padded}` : ""}`;
}

/** A change with an explicit sign: "+12.5", "-3", "0". */
export function formatSigned(value: string | null | undefined, minDecimals = 0): string {
  if (value === null || value === undefined) return MISSING;
  const positive = !value.startsWith("-") && /[1-9]/.test(value);
  return `${positive ? "+" : ""}${formatDecimal(value, minDecimals)}`;
}

/** A percentage with sign: "+1.25%", "-0.50%", "0.00%". */
export function formatPercent(value: string | null | undefined): string {
  if (value === null || value === undefined) return MISSING;
  return `${formatSigned(value)}%`;
}

/** UTC wall-clock time of an ISO timestamp, "HH:MM:SS" (same on server and browser). */
export function formatTimeUtc(iso: string): string {
  return new Date(iso).toISOString().slice(11, 19);
}
