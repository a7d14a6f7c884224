// Market-view DTOs (ticker, candles, trades) as zod schemas: what crosses from the server to
// client components, route handlers and live events. Prices and amounts are decimal strings.
import { z } from "zod";

/** A plain decimal string such as "65432.1" or "0.00000001" (no exponent, no float). */
export const decimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string");

/** Candle intervals the chart offers. */
export const candleIntervalSchema = z.enum(["1m", "5m", "1h", "1d"]);
/** One of the candle intervals. */
export type CandleInterval = z.infer<typeof candleIntervalSchema>;
/** Intervals in display order. */
export const CANDLE_INTERVALS: readonly CandleInterval[] = candleIntervalSchema.options;

/** Market ids are short lowercase symbols such as "btcusd". */
export const MARKET_ID_PATTERN = /^[a-z0-9]{2,20}$/;

/** A well-formed market id (whether the market exists is the DB's to say). */
export const marketIdSchema = z.string().regex(MARKET_ID_PATTERN, "unknown market");

/** Trade side as the form records it. */
export const tradeSideSchema = z.enum(["buy", "sell"]);

/** A recorded trade as the tape shows it. `mine` is set only for the viewer's own trades. */
export const tradeDtoSchema = z.object({
  id: z.number().int().positive(),
  marketId: z.string(),
  side: tradeSideSchema,
  price: decimalStringSchema,
  amount: decimalStringSchema,
  createdAt: z.iso.datetime(),
  userId: z.string().nullish(),
  mine: z.boolean().optional(),
});
/** A trade DTO. */
export type TradeDto = z.infer<typeof tradeDtoSchema>;

/** Price movement over the 24h window. */
export const directionSchema = z.enum(["up", "down", "flat"]);
/** Direction of the 24h change. */
export type Direction = z.infer<typeof directionSchema>;

/**
 * The 24h ticker, computed from the DB. Window fields are null when no trade falls in the window;
 * `lastTradeId` is the newest trade the computation saw, used to drop stale live copies.
 */
export const tickerDtoSchema = z.object({
  marketId: z.string(),
  last: decimalStringSchema.nullable(),
  open24h: decimalStringSchema.nullable(),
  change: decimalStringSchema.nullable(),
  changePercent: decimalStringSchema.nullable(),
  high: decimalStringSchema.nullable(),
  low: decimalStringSchema.nullable(),
  volume: decimalStringSchema,
  tradeCount: z.number().int().nonnegative(),
  direction: directionSchema,
  lastTradeId: z.number().int().positive().nullable(),
  lastTradeAt: z.iso.datetime().nullable(),
  asOf: z.iso.datetime(),
});
/** A ticker DTO. */
export type TickerDto = z.infer<typeof tickerDtoSchema>;

/** One OHLCV bucket; `time` is the bucket's UTC start in unix seconds. */
export const candleDtoSchema = z.object({
  time: z.number().int(),
  open: decimalStringSchema,
  high: decimalStringSchema,
  low: decimalStringSchema,
  close: decimalStringSchema,
  volume: decimalStringSchema,
});
/** A candle DTO. */
export type CandleDto = z.infer<typeof candleDtoSchema>;

/**
 * Candle history of one market and interval. `lastTradeId` is the snapshot's watermark: every
 * trade with a lower or equal id is already counted, so a live copy of it must not be applied again.
 */
export const candlesDtoSchema = z.object({
  marketId: z.string(),
  interval: candleIntervalSchema,
  candles: z.array(candleDtoSchema),
  lastTradeId: z.number().int().positive().nullable(),
});
/** A candles DTO. */
export type CandlesDto = z.infer<typeof candlesDtoSchema>;

/**
 * What the market page's server render says of the chart (the chart's history is fetched in the browser,
 * where it is drawn): the interval, the newest candle (the legend's) and how many candles the history holds.
 */
export interface CandlePreview {
  interval: CandleInterval;
  latest: CandleDto | null;
  count: number;
}

/** A market as the selector lists it. */
export const marketSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUnit: z.string(),
  quoteUnit: z.string(),
  last: decimalStringSchema.nullable().optional(),
  /** The market's price step and amount step (their decimals are the precision prices and amounts are shown at). */
  tickSize: decimalStringSchema.optional(),
  lotSize: decimalStringSchema.optional(),
});
/** A market summary DTO. */
export type MarketSummary = z.infer<typeof marketSummarySchema>;

/** Query of GET /api/markets/[marketId]/candles. */
export const candlesQuerySchema = z.object({
  interval: candleIntervalSchema.default("1m"),
});
