// The market page's state as the server reads it from the DB: first render, and every re-read
// after a (re)subscription (GET /api/markets/[marketId]). Add fields here and in getMarketState.
import { z } from "zod";
import { decimalStringSchema, marketSummarySchema, tradeDtoSchema } from "@/lib/schemas/market";

/** How many recent trades the page shows and keeps. */
export const RECENT_TRADES_LIMIT = 50;

/** One market's current state: its summary, last price and newest trades (newest first). */
export const marketStateSchema = z.object({
  market: marketSummarySchema,
  lastPrice: decimalStringSchema.nullable(),
  recentTrades: z.array(tradeDtoSchema),
  asOf: z.iso.datetime(),
});

/** A market state DTO. */
export type MarketState = z.infer<typeof marketStateSchema>;
