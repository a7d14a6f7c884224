// Inserts trades the way every writer does since issue 11: the Trade rows and their candles in one
// transaction (lib/market/record-market-trades.ts), so the market data reads see them.
import type { DbClient } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordMarketTrades, toCandleTrade } from "@/lib/market/record-market-trades";

/** Inserts `data` (in order: ids grow with it) with their candles; returns the ids. */
export async function insertTrades(client: DbClient, data: Prisma.TradeCreateManyInput[]): Promise<number[]> {
  return client.$transaction(async (tx) => {
    const ids: number[] = [];
    for (const trade of data) {
      const row = await tx.trade.create({ data: trade, select: { id: true, marketId: true, price: true, amount: true, createdAt: true } });
      await recordMarketTrades(tx, row.marketId, [toCandleTrade({ ...row, price: row.price.toFixed(), amount: row.amount.toFixed() })]);
      ids.push(row.id);
    }
    return ids;
  });
}
