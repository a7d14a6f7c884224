// Reads a market's candle history from the DB: a bounded number of buckets per interval.
import "server-only";
import { db } from "@/lib/db";
import { aggregateCandles, candleRange } from "@/lib/market/candles";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import type { CandleInterval, CandlesDto } from "@/lib/schemas/market";

/** The interval the market page shows first (the seeded history spans a day: 1h candles read best). */
export const DEFAULT_CANDLE_INTERVAL: CandleInterval = "1h";

/** How many buckets of each interval the chart loads: 6h of 1m, 2 days of 5m, 2 weeks of 1h, 6 months of 1d. */
export const CANDLE_LIMITS: Readonly<Record<CandleInterval, number>> = { "1m": 360, "5m": 576, "1h": 336, "1d": 180 };

/**
 * Candles of `marketId` for the newest CANDLE_LIMITS[interval] buckets up to `now`, oldest first,
 * empty buckets left out. `lastTradeId` is the highest trade id of the market in the same snapshot:
 * live trades at or below it are already counted.
 */
export async function getCandles(
  marketId: string,
  interval: CandleInterval,
  { client = db, now = new Date(), limit = CANDLE_LIMITS[interval] }: MarketReadOptions & { limit?: number } = {},
): Promise<CandlesDto> {
  const { from, to } = candleRange(interval, now, limit);
  const [trades, newest] = await client.$transaction([
    client.trade.findMany({
      where: { marketId, createdAt: { gte: from, lt: to } },
      select: { id: true, price: true, amount: true, createdAt: true },
    }),
    client.trade.aggregate({ where: { marketId }, _max: { id: true } }),
  ]);
  return {
    marketId,
    interval,
    candles: aggregateCandles(trades, interval, { from, to, limit }),
    lastTradeId: newest._max.id ?? null,
  };
}
