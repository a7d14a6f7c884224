// The engine's events and book as decimal strings: DTOs for the persistence layer, and the
// payloads of peatio's channel events (book `update`, public `trades`, private `order`/`trade`).
import { formatScaled } from "./decimal";
import type { Market } from "./market";
import type { Depth, EngineEvent, FundsReason, OrderSnapshot, Side, TradeEvent } from "./types";

/** An order snapshot with decimal strings (`locked` in the lock currency: quote for bids, base for asks). */
export interface OrderDto extends Omit<OrderSnapshot, "price" | "volume" | "originVolume" | "filledFunds" | "locked"> {
  market: string;
  price: string | null;
  volume: string;
  originVolume: string;
  filledFunds: string;
  locked: string;
  lockCurrency: string;
}

/** A fill with decimal strings; `funds` is price x volume in the quote currency. */
export interface TradeDto extends Omit<TradeEvent, "type" | "price" | "volume" | "funds"> {
  market: string;
  price: string;
  volume: string;
  funds: string;
}

/** An event with decimal strings. Funds deltas are signed ("-12.50"). */
export type EventDto =
  | { type: "order"; created: boolean; order: OrderDto }
  | ({ type: "trade" } & TradeDto)
  | { type: "funds"; memberId: string; currency: string; balance: string; locked: string; reason: FundsReason; orderId: string }
  | { type: "level"; side: Side; price: string; volume: string };

function currencyScale(market: Market, currency: string): number {
  return currency === market.base ? market.baseScale : market.quoteScale;
}

/** An order snapshot as decimal strings (fields listed one by one: spreading bigint objects is slow). */
export function formatOrder(market: Market, order: OrderSnapshot): OrderDto {
  const lockCurrency = order.side === "buy" ? market.quote : market.base;
  return {
    id: order.id,
    memberId: order.memberId,
    market: market.id,
    side: order.side,
    kind: order.kind,
    price: order.price === null ? null : formatScaled(order.price, market.priceScale),
    volume: formatScaled(order.volume, market.amountScale),
    originVolume: formatScaled(order.originVolume, market.amountScale),
    filledFunds: formatScaled(order.filledFunds, market.fundsScale),
    locked: formatScaled(order.locked, currencyScale(market, lockCurrency)),
    lockCurrency,
    state: order.state,
    cancelReason: order.cancelReason,
    seq: order.seq,
    at: order.at,
    updatedAt: order.updatedAt,
  };
}

/** A fill as decimal strings. */
export function formatTrade(market: Market, trade: TradeEvent): TradeDto {
  return {
    market: market.id,
    price: formatScaled(trade.price, market.priceScale),
    volume: formatScaled(trade.volume, market.amountScale),
    funds: formatScaled(trade.funds, market.fundsScale),
    makerOrderId: trade.makerOrderId,
    makerMemberId: trade.makerMemberId,
    takerOrderId: trade.takerOrderId,
    takerMemberId: trade.takerMemberId,
    takerSide: trade.takerSide,
    at: trade.at,
  };
}

/** Every event of a command as decimal strings, in the same order. */
export function formatEvents(market: Market, events: readonly EngineEvent[]): EventDto[] {
  return events.map((event): EventDto => {
    switch (event.type) {
      case "order":
        return { type: "order", created: event.created, order: formatOrder(market, event.order) };
      case "trade":
        return { type: "trade", ...formatTrade(market, event) };
      case "funds": {
        const scale = currencyScale(market, event.currency);
        return {
          type: "funds",
          memberId: event.memberId,
          currency: event.currency,
          balance: formatScaled(event.balance, scale),
          locked: formatScaled(event.locked, scale),
          reason: event.reason,
          orderId: event.orderId,
        };
      }
      case "level":
        return { type: "level", side: event.side, price: formatScaled(event.price, market.priceScale), volume: formatScaled(event.volume, market.amountScale) };
    }
  });
}

/** peatio's `market-<id>-global` / `update` payload: aggregated levels, best first, decimal strings. */
export function formatBookUpdate(market: Market, depth: Depth): { asks: Array<[string, string]>; bids: Array<[string, string]> } {
  const levels = (rows: Array<[bigint, bigint]>) =>
    rows.map(([price, volume]): [string, string] => [formatScaled(price, market.priceScale), formatScaled(volume, market.amountScale)]);
  return { asks: levels(depth.asks), bids: levels(depth.bids) };
}

/** One entry of peatio's `trades` event: `type` is the taker's side, `date` in seconds. */
export interface PublicTrade {
  tid: number;
  type: Side;
  date: number;
  price: string;
  amount: string;
}

/** A fill as peatio's public trade, given the id the DB stored it under. */
export function formatPublicTrade(market: Market, trade: TradeEvent, tid: number): PublicTrade {
  return {
    tid,
    type: trade.takerSide,
    date: Math.floor(trade.at / 1000),
    price: formatScaled(trade.price, market.priceScale),
    amount: formatScaled(trade.volume, market.amountScale),
  };
}

/** peatio's private `order` event fields (`kind` is bid/ask, `at` in seconds). */
export function formatPrivateOrder(market: Market, order: OrderSnapshot) {
  return {
    id: order.id,
    at: Math.floor(order.updatedAt / 1000),
    market: market.id,
    kind: order.side === "buy" ? ("bid" as const) : ("ask" as const),
    ord_type: order.kind,
    price: order.price === null ? null : formatScaled(order.price, market.priceScale),
    state: order.state,
    volume: formatScaled(order.volume, market.amountScale),
    origin_volume: formatScaled(order.originVolume, market.amountScale),
  };
}

/** peatio's private `trade` event for one of the two members (`kind` is that member's bid/ask). */
export function formatPrivateTrade(market: Market, trade: TradeEvent, memberId: string, tid: number) {
  const memberSide: Side = trade.takerMemberId === memberId ? trade.takerSide : trade.takerSide === "buy" ? "sell" : "buy";
  return {
    id: tid,
    kind: memberSide === "buy" ? ("bid" as const) : ("ask" as const),
    at: Math.floor(trade.at / 1000),
    price: formatScaled(trade.price, market.priceScale),
    volume: formatScaled(trade.volume, market.amountScale),
    market: market.id,
  };
}
