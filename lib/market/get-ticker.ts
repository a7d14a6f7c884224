// Reads a market's 24h ticker from the DB: one consistent snapshot of the window, exact decimals.
import "server-only";
import { db, type DbClient } from "@/lib/db";
import { computeTicker, TICKER_WINDOW_MS, type TradeInput } from "@/lib/market/ticker";
import type { TickerDto } from "@/lib/schemas/market";

/** Options of the market data functions: another client (tests, scripts) and the clock. */
export interface MarketReadOptions {
  client?: DbClient;
  now?: Date;
}

const tradeFields = { id: true, price: true, amount: true, createdAt: true } as const;

/**
 * The 24h ticker of `marketId` at `now` (see lib/market/ticker.ts for the definitions). Reads only
 * the trades of the window plus the latest trade, in one read transaction.
 */
export async function getTicker(marketId: string, { client = db, now = new Date() }: MarketReadOptions = {}): Promise<TickerDto> {
  const windowStart = new Date(now.getTime() - TICKER_WINDOW_MS);
  const [latest, windowTrades] = await client.$transaction([
    client.trade.findFirst({
      where: { marketId, createdAt: { lte: now } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: tradeFields,
    }),
    client.trade.findMany({
      where: { marketId, createdAt: { gt: windowStart, lte: now } },
      select: tradeFields,
    }),
  ]);
  const trades: TradeInput[] = windowTrades;
  if (latest && !windowTrades.some((trade) => trade.id === latest.id)) trades.push(latest);
  return { marketId, ...computeTicker(trades, now), asOf: now.toISOString() };
}
