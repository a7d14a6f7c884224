// The engine's vocabulary: commands in, events out, all amounts as scaled bigints (see market.ts
// for the scales). format-events.ts turns these into decimal-string DTOs for the outside.

/** Order side: buy = bid (pays quote), sell = ask (pays base). */
export type Side = "buy" | "sell";
/** Limit orders may rest; market orders never do. */
export type OrderKind = "limit" | "market";
/** peatio's states: wait = open in the book, done = fully filled, cancel = cancelled (possibly partly filled). */
export type OrderState = "wait" | "done" | "cancel";
/** Why an order was cancelled. */
export type CancelReason = "user" | "self-trade" | "market-remainder";

/** A new order for {@link MatchingEngine.place}, already parsed into market units. */
export interface PlaceOrder {
  /** Unique id chosen by the caller (the DB row's id). */
  id: string;
  memberId: string;
  side: Side;
  kind: OrderKind;
  /** Limit price in price units; null for market orders. */
  price: bigint | null;
  /** Volume in volume units (base). */
  volume: bigint;
  /** Market buy only: the most quote currency it may spend, in quote-currency units (the lock). */
  quoteBound: bigint | null;
  /** Caller's timestamp (ms since epoch); the engine never reads a clock. */
  at: number;
}

/** An order as it stands after a command: what the DB row and the private `order` event carry. */
export interface OrderSnapshot {
  id: string;
  memberId: string;
  side: Side;
  kind: OrderKind;
  price: bigint | null;
  /** Remaining (unfilled) volume. */
  volume: bigint;
  originVolume: bigint;
  /** Funds (price x volume, funds units) traded so far; average price = filledFunds / (origin - volume). */
  filledFunds: bigint;
  /** What the order still holds locked, in its lock currency's units (0 once done or cancelled). */
  locked: bigint;
  state: OrderState;
  cancelReason: CancelReason | null;
  /** Time priority: the engine sequence number of the command that placed it. */
  seq: number;
  /** When it was placed. */
  at: number;
  /** When it last changed (placed, filled or cancelled). */
  updatedAt: number;
}

/** An order's state changed (the taker's first, with `created`, then each maker as it is touched). */
export interface OrderEvent {
  type: "order";
  created: boolean;
  order: OrderSnapshot;
}

/** One fill: at the maker's price, `volume` units, `funds` = price x volume (funds units). */
export interface TradeEvent {
  type: "trade";
  price: bigint;
  volume: bigint;
  funds: bigint;
  makerOrderId: string;
  makerMemberId: string;
  takerOrderId: string;
  takerMemberId: string;
  /** The taker's side: peatio's trade `type` ("buy" when a bid took an ask). */
  takerSide: Side;
  at: number;
}

/** Why funds moved. */
export type FundsReason = "lock" | "trade" | "fee" | "unlock";

/** A change to one account (member x currency): deltas in that currency's units. */
export interface FundsEvent {
  type: "funds";
  memberId: string;
  currency: string;
  balance: bigint;
  locked: bigint;
  reason: FundsReason;
  orderId: string;
}

/** An aggregated book level after the command: total remaining volume at a price (0 = level gone). */
export interface LevelEvent {
  type: "level";
  side: Side;
  price: bigint;
  volume: bigint;
}

/** Everything a command changed, in the order it happened (levels last, one per touched level). */
export type EngineEvent = OrderEvent | TradeEvent | FundsEvent | LevelEvent;

/** Why an order or cancel was refused. */
export type OrderErrorCode =
  | "invalid_side"
  | "invalid_kind"
  | "invalid_decimal"
  | "not_positive"
  | "price_required"
  | "price_not_allowed"
  | "price_off_tick"
  | "volume_off_lot"
  | "bound_required"
  | "bound_not_allowed"
  | "below_min_value"
  | "price_out_of_band"
  | "insufficient_funds"
  | "duplicate_order"
  | "order_not_found";

/** A refusal: a code for programs, the field it concerns, and a message for people. */
export interface OrderError {
  code: OrderErrorCode;
  field: "side" | "kind" | "price" | "volume" | "quoteBound" | "order" | null;
  message: string;
}

/** Outcome of a command: the refusal (nothing changed) or the events and the new sequence. */
export type CommandResult =
  | { ok: false; error: OrderError }
  | { ok: true; sequence: number; events: EngineEvent[] };

/** Outcome of placing an order: on success also the taker's final snapshot. */
export type PlaceResult =
  | { ok: false; error: OrderError }
  | { ok: true; sequence: number; events: EngineEvent[]; order: OrderSnapshot };

/** An open order as stored (strings from the DB), for rebuilding a book after a restart. */
export interface OpenOrderRecord {
  id: string;
  memberId: string;
  side: Side;
  price: string;
  /** Remaining volume. */
  volume: string;
  originVolume: string;
  /** Funds traded so far (price x volume); "0" when unknown. */
  filledFunds?: string;
  seq: number;
  at: number;
  updatedAt?: number;
}

/** Aggregated levels, best first: [price, volume] in market units. */
export interface Depth {
  asks: Array<[bigint, bigint]>;
  bids: Array<[bigint, bigint]>;
}
