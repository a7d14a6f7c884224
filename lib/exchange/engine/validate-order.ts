// Order validation as pure functions: decimal strings -> market units (parseOrderInput), then the
// market's rules (validateOrder): positive, on the tick and lot, at least the minimum value, inside
// the fat-finger band. Each refusal is an OrderError with a code, a field and a readable message.
import { formatScaled, parseScaled } from "./decimal";
import { priceBandLimits, type Market } from "./market";
import type { OrderError, OrderErrorCode, OrderKind, PlaceOrder, Side } from "./types";

/** An order as a client submits it: decimals as strings. */
export interface OrderInput {
  id: string;
  memberId: string;
  side: string;
  kind: string;
  /** Limit orders only. */
  price?: string | null;
  volume: string;
  /** Market buys only: the most quote currency to spend. */
  quoteBound?: string | null;
  at: number;
}

/** Builds an OrderError. */
export function orderError(code: OrderErrorCode, field: OrderError["field"], message: string): OrderError {
  return { code, field, message };
}

/** A price in the market's quote currency for messages ("50000.00 USD"). */
export function describePrice(market: Market, price: bigint): string {
  return `${formatScaled(price, market.priceScale)} ${market.quote.toUpperCase()}`;
}

function readAmount(market: Market, text: string, field: "price" | "volume" | "quoteBound"): bigint | OrderError {
  const scale = field === "price" ? market.priceScale : field === "volume" ? market.amountScale : market.quoteScale;
  const parsed = parseScaled(text, scale);
  const label = field === "quoteBound" ? "Spend limit" : field === "price" ? "Price" : "Amount";
  if (parsed.ok) return parsed.value;
  if (parsed.reason === "malformed") return orderError("invalid_decimal", field, `${label} must be a plain decimal number such as 12.5`);
  if (field === "price") return orderError("price_off_tick", field, `Price must be a multiple of the price step ${market.config.tickSize}`);
  if (field === "volume") return orderError("volume_off_lot", field, `Amount must be a multiple of the lot size ${market.config.lotSize} ${market.base.toUpperCase()}`);
  return orderError("invalid_decimal", field, `Spend limit has more than ${market.quoteScale} decimals`);
}

/** Parses an order's strings into market units; format errors only (rules are validateOrder's). */
export function parseOrderInput(market: Market, input: OrderInput): { ok: true; order: PlaceOrder } | { ok: false; error: OrderError } {
  if (input.side !== "buy" && input.side !== "sell") return { ok: false, error: orderError("invalid_side", "side", "Side must be buy or sell") };
  if (input.kind !== "limit" && input.kind !== "market") return { ok: false, error: orderError("invalid_kind", "kind", "Order type must be limit or market") };
  const volume = readAmount(market, input.volume, "volume");
  if (typeof volume !== "bigint") return { ok: false, error: volume };
  let price: bigint | null = null;
  if (input.price !== undefined && input.price !== null && input.price !== "") {
    const parsed = readAmount(market, input.price, "price");
    if (typeof parsed !== "bigint") return { ok: false, error: parsed };
    price = parsed;
  }
  let quoteBound: bigint | null = null;
  if (input.quoteBound !== undefined && input.quoteBound !== null && input.quoteBound !== "") {
    const parsed = readAmount(market, input.quoteBound, "quoteBound");
    if (typeof parsed !== "bigint") return { ok: false, error: parsed };
    quoteBound = parsed;
  }
  const side: Side = input.side;
  const kind: OrderKind = input.kind;
  return { ok: true, order: { id: input.id, memberId: input.memberId, side, kind, price, volume, quoteBound, at: input.at } };
}

/**
 * Checks an order against the market's rules; null when it may be placed. The band rule: with a
 * reference price (the market's last trade), a limit price must lie within reference x (1 +- band).
 */
export function validateOrder(market: Market, order: PlaceOrder, reference: bigint | null): OrderError | null {
  if (order.volume <= 0n) return orderError("not_positive", "volume", "Amount must be greater than 0");
  if (order.volume % market.lot !== 0n) {
    return orderError("volume_off_lot", "volume", `Amount must be a multiple of the lot size ${market.config.lotSize} ${market.base.toUpperCase()}`);
  }
  if (order.kind === "market") return validateMarketOrder(market, order, reference);
  if (order.quoteBound !== null) return orderError("bound_not_allowed", "quoteBound", "Only market buys take a spend limit");
  if (order.price === null) return orderError("price_required", "price", "A limit order needs a price");
  if (order.price <= 0n) return orderError("not_positive", "price", "Price must be greater than 0");
  if (order.price % market.tick !== 0n) return orderError("price_off_tick", "price", `Price must be a multiple of the price step ${market.config.tickSize}`);
  if (order.price * order.volume < market.minValue) {
    return orderError("below_min_value", "volume", `Order value must be at least ${market.config.minOrderValue} ${market.quote.toUpperCase()} (price x amount)`);
  }
  const band = priceBandLimits(market, reference);
  if (band !== null && reference !== null && (order.price < band.low || order.price > band.high)) {
    const percent = Number(market.bandMicros) / 10_000;
    return orderError(
      "price_out_of_band",
      "price",
      `Price must be within ${percent}% of the last price ${describePrice(market, reference)}: from ${describePrice(market, band.low)} to ${describePrice(market, band.high)}`,
    );
  }
  return null;
}

/** Market orders: no price; a buy needs a spend limit; the minimum value applies to a buy's limit and to a sell at the reference price. */
function validateMarketOrder(market: Market, order: PlaceOrder, reference: bigint | null): OrderError | null {
  if (order.price !== null) return orderError("price_not_allowed", "price", "A market order takes no price");
  if (order.side === "sell") {
    if (order.quoteBound !== null) return orderError("bound_not_allowed", "quoteBound", "Only market buys take a spend limit");
    if (reference !== null && reference * order.volume < market.minValue) {
      return orderError("below_min_value", "volume", `Order value must be at least ${market.config.minOrderValue} ${market.quote.toUpperCase()} (at the last price)`);
    }
    return null;
  }
  if (order.quoteBound === null) return orderError("bound_required", "quoteBound", "A market buy needs a spend limit in the quote currency");
  if (order.quoteBound <= 0n) return orderError("not_positive", "quoteBound", "Spend limit must be greater than 0");
  if (order.quoteBound < market.minValue * market.quoteFactor) {
    return orderError("below_min_value", "quoteBound", `Spend limit must be at least ${market.config.minOrderValue} ${market.quote.toUpperCase()}`);
  }
  return null;
}
