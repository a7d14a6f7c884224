// Refusals of order commands as values: a code for programs, the field it concerns and a message for
// people. Nothing was written when a command answers with one.
import type { OrderError } from "@/lib/exchange/engine";
import type { MarketUnavailable } from "@/lib/exchange/exchange-market";
import type { OrderErrorCode, OrderField } from "@/lib/schemas/order";

/** Why a command did nothing. */
export interface ExchangeError {
  code: OrderErrorCode;
  field: OrderField | null;
  message: string;
}

/** A refused command. */
export interface ExchangeRefusal {
  ok: false;
  error: ExchangeError;
}

/** A refusal with `code`, `field` and `message`. */
export function refuse(code: OrderErrorCode, field: OrderField | null, message: string): ExchangeRefusal {
  return { ok: false, error: { code, field, message } };
}

/** The refusal for a market that does not exist or has no trading rules. */
export function marketRefusal(reason: MarketUnavailable): ExchangeRefusal {
  return reason === "unknown_market" ? refuse("unknown_market", "marketId", "Unknown market") : refuse("market_closed", "marketId", "Trading is not open on this market");
}

/** The engine's refusal in the layer's terms (its `order` field is the order id of a cancel). */
export function engineRefusal(error: OrderError): ExchangeRefusal {
  const field: OrderField | null = error.field === "order" ? (error.code === "order_not_found" ? "orderId" : null) : error.field;
  return refuse(error.code, field, error.message);
}
