// Reads the market page's state (market, last price, newest trades) from the DB as plain DTOs:
// the first render and every re-read after a reconnect (GET /api/markets/[marketId]).
import "server-only";
import { db } from "@/lib/db";
import { getRecentTrades } from "@/lib/market/get-recent-trades";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { marketIdSchema } from "@/lib/schemas/market";
import { RECENT_TRADES_LIMIT, type MarketState } from "@/lib/schemas/market-state";

/** The market's summary, last price and newest trades (newest first), or null for an unknown market. */
export async function getMarketState(marketId: string, { client = db }: Omit<MarketReadOptions, "now"> = {}): Promise<MarketState | null> {
  if (!marketIdSchema.safeParse(marketId).success) return null;
  const market = await client.market.findUnique({
    where: { id: marketId },
    select: { id: true, name: true, baseUnit: true, quoteUnit: true },
  });
  if (!market) return null;
  const recentTrades = await getRecentTrades(market.id, { client, limit: RECENT_TRADES_LIMIT });
  return { market, lastPrice: recentTrades[0]?.price ?? null, recentTrades, asOf: new Date().toISOString() };
}
