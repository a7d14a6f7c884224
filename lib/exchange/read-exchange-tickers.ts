// Every market's ticker in peatio's `tickers` shape: the 24h figures from the trades (getTicker) and
// the best bid and ask from the open orders, prices at each market's precision where it trades.
import "server-only";
import type { DbClient } from "@/lib/db";
import { formatScaled } from "@/lib/exchange/engine";
import { MARKET_ROW_COLUMNS, toExchangeMarket, type MarketRow } from "@/lib/exchange/exchange-market";
import { getTicker } from "@/lib/market/get-ticker";
import type { ExchangeTickers } from "@/lib/schemas/order";

/** Every market's row and its best open bid and ask (price units; null for an empty side), in selector order. */
async function readMarketsWithBest(client: DbClient): Promise<Array<MarketRow & { buy: bigint | number | null; sell: bigint | number | null }>> {
  // One raw statement (each best price is one step down the Order (marketId, state, side, price) index): this
  // runs after book changes, up to once per TICKERS_DELAY_MS per process while orders come in.
  return client.$queryRaw`
    SELECT ${MARKET_ROW_COLUMNS},
      (SELECT MAX("price") FROM "Order" WHERE "Order"."marketId" = "Market"."id" AND "Order"."state" = 'wait' AND "Order"."side" = 'buy') AS "buy",
      (SELECT MIN("price") FROM "Order" WHERE "Order"."marketId" = "Market"."id" AND "Order"."state" = 'wait' AND "Order"."side" = 'sell') AS "sell"
    FROM "Market" ORDER BY "Market"."position" ASC, "Market"."id" ASC`;
}

/** Tickers of every market (in selector order) at `now`, keyed by market id. */
export async function readExchangeTickers(client: DbClient, now: Date = new Date()): Promise<ExchangeTickers> {
  const tickers: ExchangeTickers = {};
  for (const row of await readMarketsWithBest(client)) {
    const ticker = await getTicker(row.id, { client, now });
    const rules = await toExchangeMarket(client, { ...row, sequence: Number(row.sequence) });
    const price = (value: bigint | number | null) => (value === null || typeof rules === "string" ? null : formatScaled(BigInt(value), rules.rules.priceScale));
    tickers[row.id] = {
      name: row.name,
      base_unit: row.baseUnit,
      quote_unit: row.quoteUnit,
      last: ticker.last,
      open: ticker.open24h,
      high: ticker.high,
      low: ticker.low,
      volume: ticker.volume,
      buy: price(row.buy),
      sell: price(row.sell),
      at: Math.floor(now.getTime() / 1000),
    };
  }
  return tickers;
}
