// Display formatting of market data from decimal strings, without floats (safe in the browser).

/** The site name, last in every page title. */
export const SITE_NAME = "Peatio demo";

/** "43250.1" -> "43,250.10": thousands grouped, at least `minDecimals` decimals, never rounded. */
export function formatDecimal(value: string, minDecimals = 0): string {
  const negative = value.startsWith("-");
  const [integerPart = "0", fractionPart = ""] = (negative ? value.slice(1) : value).split(".");
  const integer = (integerPart.replace(/^0+(?=\d)/, "") || "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = fractionPart.padEnd(minDecimals, "0");
  return `${negative ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`;
}

/** A price as the page shows it (two decimals at least). */
export function formatPrice(price: string): string {
  return formatDecimal(price, 2);
}

/** An amount as the page shows it (exactly as recorded, grouped). */
export function formatAmount(amount: string): string {
  return formatDecimal(amount);
}

/** "BTC/USD" for a market with base btc and quote usd. */
export function marketLabel(market: { baseUnit: string; quoteUnit: string }): string {
  return `${market.baseUnit.toUpperCase()}/${market.quoteUnit.toUpperCase()}`;
}

/** "43,250.12 BTC/USD · Peatio demo" (the label alone before the first trade). */
export function marketPageTitle(market: { baseUnit: string; quoteUnit: string }, lastPrice: string | null): string {
  const label = marketLabel(market);
  return `${lastPrice === null ? label : `${formatPrice(lastPrice)} ${label}`} · ${SITE_NAME}`;
}

/** "14:03:27" in UTC, the same on the server and in every browser (no hydration mismatch). */
export function formatTradeTime(iso: string): string {
  return iso.slice(11, 19);
}
