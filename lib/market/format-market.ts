// Page-level formatting of market data (labels, titles, prices) on top of lib/market/format.ts.
import { formatDecimal } from "@/lib/market/format";

/** The site name, last in every page title. */
export const SITE_NAME = "Peatio demo";

/** A price as the page shows it: grouped, two decimals at least, never rounded ("43,250.10"). */
export function formatPrice(price: string): string {
  return formatDecimal(price, 2);
}

/** An amount as the page shows it: exactly as recorded, grouped. */
export function formatAmount(amount: string): string {
  return formatDecimal(amount);
}

/** "Sold 0.1 BTC at 66,900.50 USD": a trade told in its market's units. */
export function describeTradeInUnits(
  trade: { side: string; price: string; amount: string },
  market: { baseUnit: string; quoteUnit: string },
): string {
  const verb = trade.side === "sell" ? "Sold" : "Bought";
  const base = market.baseUnit.toUpperCase();
  const quote = market.quoteUnit.toUpperCase();
  return `${verb} ${formatAmount(trade.amount)} ${base} at ${formatPrice(trade.price)} ${quote}`;
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
