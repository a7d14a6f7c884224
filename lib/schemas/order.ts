// Orders, balances and the book (issue 10): the order entry's form fields, what the order actions
// answer, the JSON re-read routes' bodies and the payloads of the exchange's channel events.
// Decimals cross as plain strings; the market's rules (tick, lot, minimum value, band, funds) are the
// matching engine's to check, so one set of messages answers the form, the market maker and the routes.
import { z } from "zod";
import { socketIdSchema } from "@/lib/schemas/auth";
import { decimalStringSchema, MARKET_ID_PATTERN, tradeDtoSchema } from "@/lib/schemas/market";
import { notificationSchema, privateTradeSchema } from "@/lib/schemas/notifications";
import { clientKeySchema } from "@/lib/schemas/trade";

/** A decimal as the order form sends it: digits, one optional point, an optional minus (refused by the rules with a clear message). */
const ORDER_DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

function orderDecimal(label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required`, abort: true })
    .max(62, { error: `${label} is too long`, abort: true })
    .regex(ORDER_DECIMAL, `${label} must be a plain decimal number such as 12.5 (no commas or exponents)`);
}

/** An optional decimal field: empty or absent is "not given". */
function optionalOrderDecimal(label: string) {
  return z.preprocess((value) => (value === "" || value === null ? undefined : value), orderDecimal(label).optional());
}

/** Order sides: buy (bid, pays quote) and sell (ask, pays base). */
export const orderSideSchema = z.enum(["buy", "sell"], { error: "Choose buy or sell" });
/** Order kinds: limit (may rest in the book) and market (never rests). */
export const orderKindSchema = z.enum(["limit", "market"], { error: "Choose limit or market" });
/** peatio's order states: wait (open in the book), done (fully filled), cancel (cancelled, maybe partly filled). */
export const orderStateSchema = z.enum(["wait", "done", "cancel"]);
/** Why an order was cancelled: by its member, by the self-trade rule, or a market order's unfilled rest. */
export const cancelReasonSchema = z.enum(["user", "self-trade", "market-remainder"]);

/** An order id as the actions and routes take it (ids are UUIDs; anything else is simply not found). */
export const orderIdSchema = z.string({ error: "No order given" }).trim().min(1, "No order given").max(64, "No open order with that id");

/** The market an order action names (whether it exists and trades is the DB's to say). */
const orderMarketIdSchema = z.string({ error: "Unknown market" }).trim().regex(MARKET_ID_PATTERN, "Unknown market");

/**
 * The order form's fields (placeOrderAction). `price` for limit orders only; `quoteBound` (the most quote
 * currency a market buy may spend, locked while it matches) for market buys only. `clientKey` is the
 * submission's key (a browser-made UUID, sent again with every retry): it becomes the client order id,
 * one order per key per member. `socketId` is accepted and ignored (every event carries ids to de-duplicate).
 */
export const placeOrderFormSchema = z.object({
  marketId: orderMarketIdSchema,
  side: orderSideSchema,
  kind: orderKindSchema,
  price: optionalOrderDecimal("Price"),
  volume: orderDecimal("Amount"),
  quoteBound: optionalOrderDecimal("Spend limit"),
  clientKey: z.string({ error: "Not a submission key" }).max(100).pipe(clientKeySchema).transform((key) => key.toLowerCase()),
  socketId: socketIdSchema.optional().catch(undefined),
});
/** Validated order form fields. */
export type PlaceOrderFields = z.output<typeof placeOrderFormSchema>;

/** Fields of cancelOrderAction. */
export const cancelOrderFormSchema = z.object({ marketId: orderMarketIdSchema, orderId: orderIdSchema });
/** Fields of cancelAllOrdersAction. */
export const cancelAllOrdersFormSchema = z.object({ marketId: orderMarketIdSchema });

/** Fields an order refusal can point at. */
export const ORDER_FIELDS = ["marketId", "side", "kind", "price", "volume", "quoteBound", "orderId"] as const;
/** One of the order fields. */
export type OrderField = (typeof ORDER_FIELDS)[number];
/** Field errors keyed by field name. */
export type OrderFieldErrors = Partial<Record<OrderField, string[]>>;

/**
 * Why an order command was refused: the matching engine's codes (see lib/exchange/engine/index.ts) plus
 * the layer's own: invalid_input (a field's format), unknown_market, market_closed (no trading rules),
 * not_placed (the key was already answered "not placed"), signed_out, failed (the DB failed; nothing changed).
 */
export const orderErrorCodeSchema = z.enum([
  "invalid_input",
  "unknown_market",
  "market_closed",
  "not_placed",
  "signed_out",
  "failed",
  "invalid_side",
  "invalid_kind",
  "invalid_decimal",
  "not_positive",
  "price_required",
  "price_not_allowed",
  "price_off_tick",
  "volume_off_lot",
  "bound_required",
  "bound_not_allowed",
  "below_min_value",
  "price_out_of_band",
  "insufficient_funds",
  "duplicate_order",
  "order_not_found",
]);
/** An order refusal code. */
export type OrderErrorCode = z.infer<typeof orderErrorCodeSchema>;

/** An order as the member sees it: decimal strings at the market's precision, times as ISO strings. */
export const orderViewSchema = z.object({
  id: z.string(),
  marketId: z.string(),
  side: orderSideSchema,
  kind: orderKindSchema,
  /** Limit price; null for market orders. */
  price: decimalStringSchema.nullable(),
  /** Remaining (unfilled) amount. */
  volume: decimalStringSchema,
  originVolume: decimalStringSchema,
  /** originVolume - volume. */
  filledVolume: decimalStringSchema,
  /** Quote value traded so far (price x amount of every fill). */
  filledFunds: decimalStringSchema,
  /** filledFunds / filledVolume at the price precision (rounded down); null before the first fill. */
  averagePrice: decimalStringSchema.nullable(),
  /** What the order still holds, in `lockCurrency` (0 once done or cancelled). */
  locked: decimalStringSchema,
  lockCurrency: z.string(),
  state: orderStateSchema,
  cancelReason: cancelReasonSchema.nullable(),
  clientOrderId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
/** An order DTO. */
export type OrderView = z.infer<typeof orderViewSchema>;

/** State of the order form for useActionState. */
export type OrderFormState =
  | { status: "idle" }
  | { status: "error"; code: OrderErrorCode; message: string; errors?: OrderFieldErrors }
  | {
      status: "success";
      message: string;
      order: OrderView;
      /** This order's fills as the taker, newest last (tape DTOs, `mine: true`). */
      fills: z.infer<typeof tradeDtoSchema>[];
      /** True when the client key had already placed this order (a retry): nothing new happened. */
      repeat: boolean;
    };

/** The order form before any submission. */
export const initialOrderFormState: OrderFormState = { status: "idle" };

/** State of the cancel and cancel-all actions. */
export type CancelOrderState =
  | { status: "idle" }
  | { status: "error"; code: OrderErrorCode; message: string; errors?: OrderFieldErrors }
  | { status: "success"; message: string; cancelled: OrderView[] };

/** The cancel actions before any submission. */
export const initialCancelOrderState: CancelOrderState = { status: "idle" };

/** One aggregated book level: [price, total remaining amount], decimal strings. */
export const bookLevelSchema = z.tuple([decimalStringSchema, decimalStringSchema]);

/**
 * Payload of `market-<id>-global` / `update` and body of GET /api/markets/<id>/book: the top levels, best
 * first, and the market sequence they stand at. A client that holds sequence n applies n + 1, ignores
 * n or older, and re-reads the book on a gap.
 */
export const bookUpdateSchema = z.object({
  asks: z.array(bookLevelSchema),
  bids: z.array(bookLevelSchema),
  sequence: z.number().int().nonnegative(),
});
/** A book snapshot. */
export type BookUpdate = z.infer<typeof bookUpdateSchema>;

/** GET /api/markets/<id>/book: the book and the market's precision for display. */
export const orderBookSchema = bookUpdateSchema.extend({
  marketId: z.string(),
  tickSize: decimalStringSchema,
  lotSize: decimalStringSchema,
});
/** The book re-read. */
export type OrderBookView = z.infer<typeof orderBookSchema>;

/** One entry of `market-<id>-global` / `trades` (peatio's Trade#for_global): `type` is the taker's side, `date` unix seconds. */
export const publicTradeSchema = z.object({
  tid: z.number().int().positive(),
  type: orderSideSchema,
  date: z.number().int(),
  price: decimalStringSchema,
  amount: decimalStringSchema,
});
/** Payload of `market-<id>-global` / `trades`: new fills, oldest first. */
export const publicTradesSchema = z.object({ trades: z.array(publicTradeSchema) });
/** A `trades` payload. */
export type PublicTrades = z.infer<typeof publicTradesSchema>;

/** One market's entry of `market-global` / `tickers` (peatio's fields; prices null before the first trade, buy/sell null for an empty side). */
export const exchangeTickerSchema = z.object({
  name: z.string(),
  base_unit: z.string(),
  quote_unit: z.string(),
  last: decimalStringSchema.nullable(),
  open: decimalStringSchema.nullable(),
  high: decimalStringSchema.nullable(),
  low: decimalStringSchema.nullable(),
  volume: decimalStringSchema,
  buy: decimalStringSchema.nullable(),
  sell: decimalStringSchema.nullable(),
  /** Unix seconds of the computation. */
  at: z.number().int(),
});
/** Payload of `market-global` / `tickers`: every market's ticker by market id. */
export const exchangeTickersSchema = z.record(z.string(), exchangeTickerSchema);
/** A `tickers` payload. */
export type ExchangeTickers = z.infer<typeof exchangeTickersSchema>;

/** Private `order` event (peatio's fields; `kind` bid/ask, `ord_type` limit/market, `at` unix seconds of the change). */
export const privateOrderEventSchema = z.object({
  id: z.string(),
  at: z.number().int(),
  market: z.string(),
  kind: z.enum(["bid", "ask"]),
  ord_type: orderKindSchema,
  price: decimalStringSchema.nullable(),
  state: orderStateSchema,
  volume: decimalStringSchema,
  origin_volume: decimalStringSchema,
  /** The same order as the open-orders list shows it (what GET /api/markets/<id>/orders returns). */
  order: orderViewSchema,
});
/** A private `order` payload. */
export type PrivateOrderEvent = z.infer<typeof privateOrderEventSchema>;

/**
 * Private `trade` event for a fill: peatio's fields (`id` the trade id, `kind` this member's bid/ask, `at`
 * unix seconds) plus what the current page reads from the same event: the trade as the tape shows it
 * (`trade.side` is this member's side) and the stored notification.
 */
export const privateFillEventSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(["bid", "ask"]),
  at: z.number().int(),
  price: decimalStringSchema,
  volume: decimalStringSchema,
  market: z.string(),
  trade: privateTradeSchema,
  notification: notificationSchema,
});
/** A private `trade` payload for a fill. */
export type PrivateFillEvent = z.infer<typeof privateFillEventSchema>;

/** Private `account` event and one row of GET /api/balances: an account after the change. */
export const accountViewSchema = z.object({
  currency: z.string(),
  balance: decimalStringSchema,
  locked: decimalStringSchema,
});
/** An account DTO. */
export type AccountView = z.infer<typeof accountViewSchema>;

/** GET /api/balances: every currency, zero when the member has none. */
export const balancesSchema = z.object({ accounts: z.array(accountViewSchema) });
/** The balances re-read. */
export type BalancesView = z.infer<typeof balancesSchema>;

/** Query of GET /api/markets/<id>/orders: open orders (`wait`), or history (done and cancelled, newest first). */
export const myOrdersQuerySchema = z.object({
  scope: z.enum(["open", "history"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /api/markets/<id>/orders body. */
export const myOrdersSchema = z.object({ marketId: z.string(), scope: z.enum(["open", "history"]), orders: z.array(orderViewSchema) });
/** The open orders / history re-read. */
export type MyOrders = z.infer<typeof myOrdersSchema>;

/** POST /api/orders/by-key/<key>: the order a lost submission placed, or "not placed" (final: the key is voided). */
export const orderOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("placed"), order: orderViewSchema }),
  z.object({ outcome: z.literal("not-placed"), message: z.string() }),
]);
/** An order submission's outcome. */
export type OrderOutcome = z.infer<typeof orderOutcomeSchema>;

/** What the server says when a key was answered "not placed" before. */
export const NOT_PLACED_MESSAGE = "Your order was not placed. Try again.";
