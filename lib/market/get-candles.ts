// Reads a market's candle history: a bounded number of buckets per interval, from the maintained Candle
// table (closed candles kept per process, see read-candles.ts).
import "server-only";
import { db } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { marketReaderFor } from "@/lib/market/market-reader";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { readCandlesOnPostgres } from "@/lib/market/postgres-market-reads";
import { readCandles } from "@/lib/market/read-candles";
import type { CandleInterval, CandlePreview, CandlesDto } from "@/lib/schemas/market";

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
  const { candles, lastTradeId } =
    providerOf(client) === "postgresql"
      ? await readCandlesOnPostgres(client, marketId, interval, now.getTime(), limit)
      : readCandles(marketReaderFor(client), marketId, interval, now.getTime(), limit);
  return { marketId, interval, candles, lastTradeId };
}

/** The chart's preview for the market page's first render: the newest candle and the count of getCandles' history (not the history itself). */
export async function getCandlePreview(marketId: string, interval: CandleInterval, options: MarketReadOptions = {}): Promise<CandlePreview> {
  const { candles } = await getCandles(marketId, interval, options);
  return { interval, latest: candles.at(-1) ?? null, count: candles.length };
}
