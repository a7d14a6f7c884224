// Trades: a trade's input as plain decimals (what tests and tools write with), the submission key the
// order form sends, and the `price_channel` / `update` event payload the live subscribers read.
import { z } from "zod";
import { positiveDecimalSchema } from "@/lib/schemas/decimal";
import { MARKET_ID_PATTERN, tradeSideSchema, type TradeDto } from "@/lib/schemas/market";

/** Bounds of a trade: SQLite stores DECIMAL as a double, so at most 15 significant digits overall. */
export const TRADE_LIMITS = {
  price: { label: "Price", max: "10000000", maxDecimals: 8, maxSignificantDigits: 15 },
  amount: { label: "Amount", max: "1000000", maxDecimals: 8, maxSignificantDigits: 15 },
} as const;

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
 * A submission's key: a UUID the browser makes (crypto.randomUUID) once per order intent and sends
 * again with every retry of it. It becomes the order's client order id: the server places at most one
 * order per key per member and answers a repeat with that order.
 */
export const clientKeySchema = z.uuid({ error: "Not a submission key" });

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
