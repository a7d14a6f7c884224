// Reads the market page's state (market, last price, newest trades) from the DB as plain DTOs:
// the first render and every re-read after a reconnect (GET /api/markets/[marketId]).
import "server-only";
import { db } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { readRecentTrades } from "@/lib/market/get-recent-trades";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { marketReaderFor } from "@/lib/market/market-reader";
import { readMarketStateOnPostgres } from "@/lib/market/postgres-market-reads";
import { marketIdSchema, type MarketSummary } from "@/lib/schemas/market";
import { RECENT_TRADES_LIMIT, type MarketState } from "@/lib/schemas/market-state";

// tickSize and lotSize: the decimals prices and amounts are shown at, everywhere on the page.
const MARKET_SQL = `SELECT "id", "name", "baseUnit", "quoteUnit", "tickSize", "lotSize" FROM "Market" WHERE "id" = ?`;

/** The market's summary, last price and newest trades (newest first), or null for an unknown market. */
export async function getMarketState(marketId: string, { client = db }: Omit<MarketReadOptions, "now"> = {}): Promise<MarketState | null> {
  if (!marketIdSchema.safeParse(marketId).success) return null;
  const state = providerOf(client) === "postgresql" ? await readMarketStateOnPostgres(client, marketId, RECENT_TRADES_LIMIT) : readStateOnSqlite(client, marketId);
  return state === null ? null : { market: { ...state.market }, lastPrice: state.lastPrice, recentTrades: state.recentTrades.slice(), asOf: new Date().toISOString() };
}

/** getMarketState's read on SQLite: one snapshot of the market data reader, kept while nothing is written. */
function readStateOnSqlite(client: object, marketId: string) {
  const reader = marketReaderFor(client);
  // Kept while nothing is written (the market page and its re-reads ask for the same state again and again).
  return reader.kept(`state:${marketId}`, () => {
    const market = reader.statement<MarketSummary>(MARKET_SQL).get(marketId);
    if (market === undefined) return null;
    const recentTrades = readRecentTrades(reader, market.id, RECENT_TRADES_LIMIT);
    return { market: { ...market }, lastPrice: recentTrades[0]?.price ?? null, recentTrades };
  });
}
