// Reads a market's order book from the DB (the truth): the open orders aggregated per price level, best
// first (an indexed top-N walk of Order(marketId, state, side, price) per side), with the market sequence
// they stand at, in one read snapshot of the market data reader (it takes no write lock), kept until the
// database changes. On PostgreSQL the same reads run in one REPEATABLE READ snapshot of the app's client.
import "server-only";
import { decimalsOf, formatScaled } from "@/lib/exchange/engine";
import { BOOK_DEPTH } from "@/lib/exchange/exchange-update";
import type { DbClient } from "@/lib/db-client";
import { providerOf } from "@/lib/db-provider";
import { marketReaderFor } from "@/lib/market/market-reader";
import { readPostgresSnapshot, toBigInt } from "@/lib/market/postgres-snapshot";
import type { OrderBookView } from "@/lib/schemas/order";

/** The market row and whether both of its currencies are set up (a market without them does not trade). */
const MARKET_SQL = `SELECT m."sequence", m."tickSize", m."lotSize",
    EXISTS (SELECT 1 FROM "Currency" WHERE "id" = m."baseUnit") AND EXISTS (SELECT 1 FROM "Currency" WHERE "id" = m."quoteUnit") AS "trades"
  FROM "Market" AS m WHERE m."id" = ?`;

const LEVELS_SQL = {
  sell: `SELECT "price", sum("volume") AS "volume" FROM "Order" WHERE "marketId" = ? AND "state" = 'wait' AND "side" = 'sell' GROUP BY "price" ORDER BY "price" ASC LIMIT ?`,
  buy: `SELECT "price", sum("volume") AS "volume" FROM "Order" WHERE "marketId" = ? AND "state" = 'wait' AND "side" = 'buy' GROUP BY "price" ORDER BY "price" DESC LIMIT ?`,
} as const;

/** The book of `marketId` (top `depth` levels per side), or null when the market does not trade. `client`: a client made by createDbClient. */
export async function readOrderBook(client: object, marketId: string, depth: number = BOOK_DEPTH): Promise<OrderBookView | null> {
  if (providerOf(client) === "postgresql") return readPostgresOrderBook(client as DbClient, marketId, depth);
  const reader = marketReaderFor(client);
  // Kept while nothing is written: every visitor and re-read asks for the same book.
  const book = reader.kept(`book:${marketId}:${depth}`, (): OrderBookView | null => {
    const market = reader.statement<{ sequence: number; tickSize: string; lotSize: string; trades: number }>(MARKET_SQL).get(marketId);
    if (market === undefined || market.trades !== 1) return null;
    const priceScale = decimalsOf(market.tickSize);
    const amountScale = decimalsOf(market.lotSize);
    const side = (which: "buy" | "sell") =>
      reader
        .statement<{ price: bigint; volume: bigint }>(LEVELS_SQL[which], true)
        .all(marketId, depth)
        .map((level): [string, string] => [formatScaled(level.price, priceScale), formatScaled(level.volume, amountScale)]);
    return { marketId, sequence: market.sequence, tickSize: market.tickSize, lotSize: market.lotSize, asks: side("sell"), bids: side("buy") };
  });
  return book === null ? null : { ...book, asks: book.asks.slice(), bids: book.bids.slice() };
}

/** readOrderBook on PostgreSQL: the same statements in one snapshot (booleans and sums come back typed). */
async function readPostgresOrderBook(client: DbClient, marketId: string, depth: number): Promise<OrderBookView | null> {
  return readPostgresSnapshot(client, async (query) => {
    const [market] = await query<{ sequence: number; tickSize: string; lotSize: string; trades: boolean }>(MARKET_SQL, marketId);
    if (market === undefined || !market.trades) return null;
    const priceScale = decimalsOf(market.tickSize);
    const amountScale = decimalsOf(market.lotSize);
    const side = async (which: "buy" | "sell") =>
      (await query<{ price: unknown; volume: unknown }>(LEVELS_SQL[which], marketId, depth)).map((level): [string, string] => [
        formatScaled(toBigInt(level.price), priceScale),
        formatScaled(toBigInt(level.volume), amountScale),
      ]);
    return { marketId, sequence: Number(market.sequence), tickSize: market.tickSize, lotSize: market.lotSize, asks: await side("sell"), bids: await side("buy") };
  });
}
