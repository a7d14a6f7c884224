// Trades: the form/action input, the `price_channel` / `update` event payload, and the form state.
// Shared by the trade form (client), the server action, recordTrade and the live subscribers.
import { z } from "zod";
import { socketIdSchema } from "@/lib/schemas/auth";
import { positiveDecimalSchema } from "@/lib/schemas/decimal";
import { MARKET_ID_PATTERN, tradeDtoSchema, tradeSideSchema, type TradeDto } from "@/lib/schemas/market";

/** Bounds of a trade: SQLite stores DECIMAL as a double, so at most 15 significant digits overall. */
export const TRADE_LIMITS = {
  price: { label: "Price", max: "10000000", maxDecimals: 8, maxSignificantDigits: 15 },
  amount: { label: "Amount", max: "1000000", maxDecimals: 8, maxSignificantDigits: 15 },
} as const;

/**
 * Price band: a trade more than this many percent away from the market's last trade price is refused
 * (recordTrade checks it against the DB, so the form and the market maker are both bound by it).
 */
export const PRICE_BAND_PERCENT = 20;

/** The sides a trade can take. */
export const TRADE_SIDES = tradeSideSchema.options;

/** A trade side ("buy" | "sell"). */
export type TradeSide = z.infer<typeof tradeSideSchema>;

/** What recording a trade needs. The market's existence is checked against the DB by recordTrade. */
export const tradeInputSchema = z.object({
  marketId: z.string({ error: "Choose a market" }).trim().regex(MARKET_ID_PATTERN, "Unknown market"),
  side: z.enum(TRADE_SIDES, { error: "Choose buy or sell" }),
  price: positiveDecimalSchema(TRADE_LIMITS.price),
  amount: positiveDecimalSchema(TRADE_LIMITS.amount),
});

/** A validated trade input: canonical decimal strings. */
export type TradeInput = z.output<typeof tradeInputSchema>;

/**
 * A trade submission's key: a UUID the browser makes (crypto.randomUUID) once per trade intent and
 * sends again with every retry of it. The server records at most one trade per key per trader and
 * answers a repeat with that trade; issue 10's order entry reuses it as the client order id.
 */
export const clientKeySchema = z.uuid({ error: "Not a submission key" });

/**
 * The trade form's fields: the trade, its submission key, and the submitting page's socket id so the
 * publish can exclude it. A missing or malformed socket id is dropped, never an error the user can't fix.
 */
export const tradeFormSchema = tradeInputSchema.extend({
  clientKey: z.string({ error: "Not a submission key" }).max(100).pipe(clientKeySchema).transform((key) => key.toLowerCase()),
  socketId: socketIdSchema.optional().catch(undefined),
});

/** Names of the trade fields that can carry errors. */
export type TradeField = keyof z.input<typeof tradeInputSchema>;

/** Field errors keyed by field name, as z.flattenError gives them. */
export type TradeFieldErrors = Partial<Record<TradeField, string[]>>;

/** Field errors of a failed trade parse. */
export function tradeFieldErrors(error: z.ZodError): TradeFieldErrors {
  const { fieldErrors } = z.flattenError(error);
  const result: TradeFieldErrors = {};
  for (const field of ["marketId", "side", "price", "amount"] as const) {
    const messages = (fieldErrors as Record<string, string[] | undefined>)[field];
    if (messages && messages.length > 0) result[field] = messages;
  }
  return result;
}

/**
 * Payload of `price_channel` / `update` (and `market-<id>` / `update`). `price` keeps the seeds'
 * contract (`channel.bind('update', data => data.price)`); the rest lets pages apply the trade.
 */
export const priceUpdateSchema = z.object({
  marketId: z.string(),
  tradeId: z.number().int().positive(),
  side: tradeSideSchema,
  price: z.string().regex(/^\d+(\.\d+)?$/),
  amount: z.string().regex(/^\d+(\.\d+)?$/),
  createdAt: z.iso.datetime(),
});

/** A `price_channel` / `update` event payload. */
export type PriceUpdate = z.infer<typeof priceUpdateSchema>;

/** The event payload of a recorded trade. */
export function toPriceUpdate(trade: TradeDto): PriceUpdate {
  return {
    marketId: trade.marketId,
    tradeId: trade.id,
    side: trade.side,
    price: trade.price,
    amount: trade.amount,
    createdAt: trade.createdAt,
  };
}

/** The trade a live event carries, as the tape shows it. */
export function tradeFromPriceUpdate(update: PriceUpdate): TradeDto {
  return {
    id: update.tradeId,
    marketId: update.marketId,
    side: update.side,
    price: update.price,
    amount: update.amount,
    createdAt: update.createdAt,
  };
}

/** State of the trade form for useActionState: field errors, a message, the recorded trade. */
export interface TradeFormState {
  status: "idle" | "error" | "success";
  errors?: TradeFieldErrors;
  message?: string;
  trade?: TradeDto;
  /**
   * Set by the form (never by the server) when the action call itself failed and the outcome was then
   * settled: "not-recorded" when the server said so (its outcome lookup, or it no longer knew the
   * action), "recorded" when its lookup found the trade, "unknown" when it could not be asked (signed out).
   */
  delivery?: "not-recorded" | "recorded" | "unknown";
}

/** What the server says the form's "not recorded, try again" with (the action and the outcome lookup alike). */
export const NOT_RECORDED_MESSAGE = "Your trade was not recorded. Try again.";

/**
 * The server's answer about one submission key (POST /api/trades/by-key/<key>): recorded, with the
 * trade and the very text the form's action answered; or not recorded (and then never will be).
 */
export const tradeOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("recorded"), trade: tradeDtoSchema, message: z.string() }),
  z.object({ outcome: z.literal("not-recorded"), message: z.string() }),
]);

/** A submission's outcome as the server tells it. */
export type TradeOutcome = z.infer<typeof tradeOutcomeSchema>;

/** The form's state before any submission. */
export const initialTradeFormState: TradeFormState = { status: "idle" };
