// Every market's ticker in peatio's `tickers` shape: the 24h figures from the trades (getTicker) and
// the best bid and ask from the open orders, prices at each market's precision where it trades.
import "server-only";
import type { DbClient } from "@/lib/db";
import { formatScaled } from "@/lib/exchange/engine";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { getTicker } from "@/lib/market/get-ticker";
import type { ExchangeTickers } from "@/lib/schemas/order";

/** The best open price on one side of a market, in price units, or null. */
async function bestPrice(client: DbClient, marketId: string, side: "buy" | "sell"): Promise<bigint | null> {
  const row = await client.order.findFirst({
    where: { marketId, state: "wait", side },
    orderBy: { price: side === "buy" ? "desc" : "asc" },
    select: { price: true },
  });
  return row?.price ?? null;
}

/** Tickers of every market (in selector order) at `now`, keyed by market id. */
export async function readExchangeTickers(client: DbClient, now: Date = new Date()): Promise<ExchangeTickers> {
  const markets = await client.market.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, baseUnit: true, quoteUnit: true } });
  const tickers: ExchangeTickers = {};
  for (const market of markets) {
    const ticker = await getTicker(market.id, { client, now });
    const rules = await readExchangeMarket(client, market.id);
    const [buy, sell] = await Promise.all([bestPrice(client, market.id, "buy"), bestPrice(client, market.id, "sell")]);
    const price = (value: bigint | null) => (value === null || typeof rules === "string" ? null : formatScaled(value, rules.rules.priceScale));
    tickers[market.id] = {
      name: market.name,
      base_unit: market.baseUnit,
      quote_unit: market.quoteUnit,
      last: ticker.last,
      open: ticker.open24h,
      high: ticker.high,
      low: ticker.low,
      volume: ticker.volume,
      buy: price(buy),
      sell: price(sell),
      at: Math.floor(now.getTime() / 1000),
    };
  }
  return tickers;
}
