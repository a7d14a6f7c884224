// The order form's confirmation: what happened to an order, in the market's units and precision
// ("Bought 0.2000 BTC at an average 50,000.00 USD."). Safe in the browser.
import { formatDecimal } from "@/lib/market/format";
import type { OrderView } from "@/lib/schemas/order";

/** A market's units, for the confirmation. */
export interface OrderMarketUnits {
  baseUnit: string;
  quoteUnit: string;
}

/** The sentence for `order` as it stands after placing it (prefixed when a retry found it already placed). */
export function describeOrder(order: OrderView, market: OrderMarketUnits, repeat = false): string {
  const base = market.baseUnit.toUpperCase();
  const quote = market.quoteUnit.toUpperCase();
  const amount = (value: string) => `${formatDecimal(value)} ${base}`;
  const price = (value: string | null) => `${formatDecimal(value)} ${quote}`;
  const filled = order.filledVolume.replace(/[0.]/g, "") !== "";
  const verb = order.side === "buy" ? "Bought" : "Sold";
  let text: string;
  if (order.state === "done") {
    text = `${verb} ${amount(order.filledVolume)} at an average ${price(order.averagePrice)}.`;
  } else if (order.state === "wait") {
    text = filled
      ? `${verb} ${amount(order.filledVolume)} at an average ${price(order.averagePrice)}; ${amount(order.volume)} rests at ${price(order.price)}.`
      : `${order.side === "buy" ? "Buy" : "Sell"} order placed: ${amount(order.volume)} at ${price(order.price)}.`;
  } else {
    const rest = `${amount(order.volume)} ${filled ? "left unfilled was" : "was"} cancelled`;
    text = filled ? `${verb} ${amount(order.filledVolume)} at an average ${price(order.averagePrice)}; the ${rest}.` : `No matching orders within the price band: the order for ${rest}.`;
  }
  return repeat ? `Already placed: ${text}` : text;
}
