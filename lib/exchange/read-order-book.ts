// Reads a market's order book from the DB (the truth): the open orders aggregated per price level,
// best first, with the market sequence they stand at, in one read transaction.
import { formatScaled } from "@/lib/exchange/engine";
import { BOOK_DEPTH } from "@/lib/exchange/exchange-update";
import { readExchangeMarket, type ExchangeDb } from "@/lib/exchange/exchange-market";
import type { DbClient } from "@/lib/db-client";
import type { OrderBookView } from "@/lib/schemas/order";

/** The book of `marketId` (top `depth` levels per side), or null when the market does not trade. */
export async function readOrderBook(client: Pick<DbClient, "$transaction">, marketId: string, depth: number = BOOK_DEPTH): Promise<OrderBookView | null> {
  return client.$transaction(async (tx: ExchangeDb) => {
    const market = await readExchangeMarket(tx, marketId);
    if (typeof market === "string") return null;
    const rules = market.rules;
    const side = async (which: "buy" | "sell") => {
      const levels = await tx.order.groupBy({
        by: ["price"],
        where: { marketId, state: "wait", side: which },
        _sum: { volume: true },
        orderBy: { price: which === "sell" ? "asc" : "desc" },
        take: depth,
      });
      return levels.map((level): [string, string] => [formatScaled(level.price ?? 0n, rules.priceScale), formatScaled(level._sum.volume ?? 0n, rules.amountScale)]);
    };
    const asks = await side("sell");
    const bids = await side("buy");
    return { marketId, sequence: market.sequence, tickSize: rules.config.tickSize, lotSize: rules.config.lotSize, asks, bids };
  });
}
