// The trade a trader's submission key recorded, with its market: what every repeat of that key is answered with.
import "server-only";
import type { DbClient } from "@/lib/db";
import { toTradeDto } from "@/lib/market/get-recent-trades";
import type { TradeDto } from "@/lib/schemas/market";
import type { TradeMarket } from "@/lib/trades/record-trade";

/** A trade recorded under a submission key, and its market (to describe it). */
export interface KeyedTrade {
  trade: TradeDto;
  market: TradeMarket;
}

/** `userId`'s trade recorded under `clientKey`, or null; one unique-index read. Takes a transaction too. */
export async function findTradeByClientKey(client: Pick<DbClient, "trade">, userId: string, clientKey: string): Promise<KeyedTrade | null> {
  const row = await client.trade.findUnique({
    where: { userId_clientKey: { userId, clientKey } },
    select: {
      id: true,
      marketId: true,
      side: true,
      price: true,
      amount: true,
      createdAt: true,
      userId: true,
      market: { select: { id: true, name: true, baseUnit: true, quoteUnit: true } },
    },
  });
  if (!row) return null;
  const { market, ...trade } = row;
  return { trade: toTradeDto(trade), market };
}
