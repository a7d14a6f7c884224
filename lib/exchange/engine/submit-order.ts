// The engine at the string boundary: a client's order (decimal strings) and the member's balance
// in, a refusal or decimal-string events out. What a server action or an engine process calls.
import { formatScaled, parseScaledOrThrow } from "./decimal";
import { formatEvents, formatOrder, type EventDto, type OrderDto } from "./format-events";
import type { Market } from "./market";
import type { MatchingEngine } from "./matching-engine";
import type { OrderError, Side } from "./types";
import { parseOrderInput, type OrderInput } from "./validate-order";

/** Outcome of {@link submitOrder} / {@link cancelOrder}: a refusal, or the new sequence and events. */
export type SubmitResult =
  | { ok: false; error: OrderError }
  | { ok: true; sequence: number; events: EventDto[]; order?: OrderDto };

/** The currency an order of `side` locks: quote for a buy, base for a sell. */
export function lockCurrencyOf(market: Market, side: Side): string {
  return side === "buy" ? market.quote : market.base;
}

/** The decimals a currency's balances keep in this market. */
export function currencyScaleOf(market: Market, currency: string): number {
  if (currency === market.base) return market.baseScale;
  if (currency === market.quote) return market.quoteScale;
  throw new RangeError(`${currency} is not traded in ${market.id}`);
}

/**
 * Places a client's order. `available` is the member's balance (decimal string) in the currency
 * the order locks ({@link lockCurrencyOf}); the DB layer reads it inside the same transaction.
 */
export function submitOrder(engine: MatchingEngine, input: OrderInput, available: string): SubmitResult {
  const market = engine.market;
  const parsed = parseOrderInput(market, input);
  if (!parsed.ok) return parsed;
  const currency = lockCurrencyOf(market, parsed.order.side);
  const balance = parseScaledOrThrow(available, currencyScaleOf(market, currency), `available ${currency}`);
  const result = engine.place(parsed.order, balance);
  if (!result.ok) return result;
  return { ok: true, sequence: result.sequence, events: formatEvents(market, result.events), order: formatOrder(market, result.order) };
}

/** Cancels one of the member's open orders (a missing or foreign id: order_not_found). */
export function cancelOrder(engine: MatchingEngine, orderId: string, memberId: string, at: number): SubmitResult {
  const result = engine.cancel(orderId, memberId, at);
  if (!result.ok) return result;
  return { ok: true, sequence: result.sequence, events: formatEvents(engine.market, result.events) };
}

/** Cancels all of the member's open orders in this engine's market. */
export function cancelAllOrders(engine: MatchingEngine, memberId: string, at: number): SubmitResult {
  const result = engine.cancelAll(memberId, at);
  if (!result.ok) return result;
  return { ok: true, sequence: result.sequence, events: formatEvents(engine.market, result.events) };
}

/** A market's amount in a currency as a decimal string at that currency's scale. */
export function formatCurrencyAmount(market: Market, currency: string, amount: bigint): string {
  return formatScaled(amount, currencyScaleOf(market, currency));
}
