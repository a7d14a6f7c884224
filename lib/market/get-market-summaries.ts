// Reads the market list for the selector, each with its last price.
import "server-only";
import { db } from "@/lib/db";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import type { MarketSummary } from "@/lib/schemas/market";

/** Every market in selector order (position, then id), with the price of its latest trade or null. */
export async function getMarketSummaries({ client = db }: Omit<MarketReadOptions, "now"> = {}): Promise<MarketSummary[]> {
  const markets = await client.market.findMany({
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, name: true, baseUnit: true, quoteUnit: true },
  });
  // One indexed read per market: a nested `trades: { take: 1 }` would read every trade of every
  // market (Prisma applies a nested take in memory on SQLite, LIMIT -1).
  return Promise.all(markets.map(async (market) => ({ ...market, last: await readLastTradePrice(client, market.id) })));
}
