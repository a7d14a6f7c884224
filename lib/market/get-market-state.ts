// Reads a market's page state and the market list from the DB as plain DTOs.
import "server-only";
import { db, type DbClient } from "@/lib/db";
import type { MarketSummary } from "@/lib/schemas/market";
import { RECENT_TRADES_LIMIT, type MarketState } from "@/lib/schemas/market-state";
import { toTradeDto } from "@/lib/trades/to-trade-dto";

const MARKET_ID = /^[a-z0-9]{2,20}$/;
const TRADE_COLUMNS = { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true } as const;
const MARKET_COLUMNS = { id: true, name: true, baseUnit: true, quoteUnit: true } as const;

/** The market's summary, last price and newest trades (newest first), or null for an unknown market. */
export async function getMarketState(marketId: string, client: DbClient = db): Promise<MarketState | null> {
  if (!MARKET_ID.test(marketId)) return null;
  const market = await client.market.findUnique({ where: { id: marketId }, select: MARKET_COLUMNS });
  if (!market) return null;
  const rows = await client.trade.findMany({
    where: { marketId: market.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RECENT_TRADES_LIMIT,
    select: TRADE_COLUMNS,
  });
  const recentTrades = rows.map(toTradeDto);
  return { market, lastPrice: recentTrades[0]?.price ?? null, recentTrades, asOf: new Date().toISOString() };
}

/** Every market in selector order, each with its last price. */
export async function listMarkets(client: DbClient = db): Promise<MarketSummary[]> {
  const markets = await client.market.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: MARKET_COLUMNS });
  return Promise.all(
    markets.map(async (market) => {
      const last = await client.trade.findFirst({
        where: { marketId: market.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { price: true },
      });
      return { ...market, last: last ? last.price.toFixed() : null };
    }),
  );
}
