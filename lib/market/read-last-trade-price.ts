// The price of a market's newest trade: the one "last price" query (market selector, market maker).
import type { DbClient } from "@/lib/db-client";
import { normalizeDecimal } from "@/lib/market/decimal";

/**
 * The price of `marketId`'s newest trade (ties: higher id) as a plain decimal string, or null before
 * its first trade. One indexed row read (Trade has @@index([marketId, createdAt])). Takes any client
 * with `trade` (the app's, a script's, a transaction's).
 */
export async function readLastTradePrice(client: Pick<DbClient, "trade">, marketId: string): Promise<string | null> {
  const latest = await client.trade.findFirst({
    where: { marketId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { price: true },
  });
  return latest ? normalizeDecimal(latest.price) : null;
}
