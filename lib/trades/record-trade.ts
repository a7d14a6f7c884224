// Records one trade: validate, check the market and the price band, insert (with its candles). The single code path of the
// trade form's server action and the demo market maker (`npm run simulate`); it never publishes anything.
import type { DbClient } from "@/lib/db";
import type { MarketSummary, TradeDto } from "@/lib/schemas/market";
import { tradeFieldErrors, tradeInputSchema, type TradeFieldErrors, type TradeInput } from "@/lib/schemas/trade";
import { toTradeDto } from "@/lib/market/get-recent-trades";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import { recordMarketTrades, toCandleTrade } from "@/lib/market/record-market-trades";
import { priceBandProblem } from "@/lib/trades/price-band";

/**
 * The part of the Prisma client recordTrade uses: the app's `db` or a test client (then recordTrade opens
 * its own transaction), or a transaction client (then it runs inside that transaction).
 */
export type TradeDb = Pick<DbClient, "market" | "trade" | "$queryRaw" | "$executeRaw"> & Partial<Pick<DbClient, "$transaction">>;

/** Who recorded the trade (null: the market maker), and the form submission's key (see clientKeySchema). */
export interface RecordTradeOptions {
  userId?: string | null;
  clientKey?: string | null;
}

/** The market a trade was recorded on: its name and units, for describing the trade. */
export type TradeMarket = Pick<MarketSummary, "id" | "name" | "baseUnit" | "quoteUnit">;

/** A recorded trade and its market, or the field errors that stopped it (nothing was written then). */
export type RecordTradeResult = { ok: true; trade: TradeDto; market: TradeMarket } | { ok: false; errors: TradeFieldErrors };

/** Checks the market and the price band against the DB, then inserts: meant to run in one transaction. */
async function insertChecked(db: TradeDb, input: TradeInput, options: RecordTradeOptions): Promise<RecordTradeResult> {
  const { marketId, side, price, amount } = input;
  const market = await db.market.findUnique({ where: { id: marketId }, select: { id: true, name: true, baseUnit: true, quoteUnit: true } });
  if (!market) return { ok: false, errors: { marketId: ["Unknown market"] } };

  const bandProblem = priceBandProblem(price, await readLastTradePrice(db, market.id));
  if (bandProblem) return { ok: false, errors: { price: [bandProblem] } };

  const row = await db.trade.create({
    data: { marketId: market.id, side, price, amount, userId: options.userId ?? null, clientKey: options.clientKey ?? null },
  });
  await recordMarketTrades(db, market.id, [toCandleTrade({ id: row.id, price, amount, createdAt: row.createdAt })]);
  return { ok: true, trade: toTradeDto(row), market };
}

/**
 * Validates `input` (marketId, side, price, amount as decimal strings), checks that the market exists
 * and that the price is within PRICE_BAND_PERCENT of its last trade price, and inserts the trade; the
 * last price is read in the same transaction as the insert. Validation problems are returned, not
 * thrown; DB failures throw.
 */
export async function recordTrade(db: TradeDb, input: unknown, options: RecordTradeOptions = {}): Promise<RecordTradeResult> {
  const parsed = tradeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: tradeFieldErrors(parsed.error) };
  if (db.$transaction) return db.$transaction((tx) => insertChecked(tx, parsed.data, options));
  return insertChecked(db, parsed.data, options);
}
