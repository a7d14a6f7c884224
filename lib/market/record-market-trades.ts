// Keeps the market data current: adds newly recorded trades to the Candle table inside the transaction
// that records them (exchange fills, the trade form, the seed), so candles and the 24h ticker cost the
// same at ten thousand and at ten million trades. A trade far from the writer's clock (backdated, or in
// the future) also bumps the market's CandleRevision, which tells readers their closed candles are stale.
import type { DbClient } from "@/lib/db-client";
import { providerOf } from "@/lib/db-provider";
import { Prisma } from "@/lib/generated/prisma/client";
import { foldCandleTrades, type CandleTrade } from "@/lib/market/candle-rows";
import { toCandleUnits } from "@/lib/market/candle-units";
import { assertExactVolumes, candleBatches, candleUpsertStatement } from "@/lib/market/candle-upsert";

/** The part of a Prisma client or transaction the writer uses. */
export type MarketDataTx = Pick<DbClient, "$queryRaw" | "$executeRaw">;

/** Positional-parameter SQL (`?`, none inside literals) as a Prisma raw query. */
function positionalSql(sql: string, params: readonly unknown[]): Prisma.Sql {
  const strings = sql.split("?");
  if (strings.length !== params.length + 1) throw new Error("parameter count does not match the SQL");
  return new Prisma.Sql(strings, params);
}

/**
 * How far from its writer's clock a trade may be and still count as current. Readers keep candles that
 * ended at least CLOSED_CANDLE_AGE_MS (twice this) before their clock; a command's transaction takes far
 * less than the difference (30 s at most), so a current trade never lands in a bucket a reader keeps.
 */
export const CURRENT_TRADE_MS = 60_000;

/** A trade as it was recorded: decimal strings (at most 8 decimals) and its time. */
export interface RecordedTrade {
  id: number;
  price: string;
  amount: string;
  createdAt: Date;
}

/** A recorded trade in candle units. */
export function toCandleTrade(trade: RecordedTrade): CandleTrade {
  return { id: trade.id, price: toCandleUnits(trade.price), amount: toCandleUnits(trade.amount), at: trade.createdAt.getTime() };
}

/** Bumps `marketId`'s CandleRevision (readers drop their cached closed candles of the market). */
export async function bumpCandleRevision(tx: MarketDataTx, marketId: string): Promise<void> {
  await tx.$executeRaw`INSERT INTO "CandleRevision" ("marketId", "revision") VALUES (${marketId}, 1) ON CONFLICT ("marketId") DO UPDATE SET "revision" = "CandleRevision"."revision" + 1`;
}

/**
 * Adds `trades` (of `marketId`, just inserted in this transaction) to every interval's candles: one
 * upsert for all of them. `now` is the writer's clock (ms).
 */
export async function recordMarketTrades(tx: MarketDataTx, marketId: string, trades: readonly CandleTrade[], now: number = Date.now()): Promise<void> {
  if (trades.length === 0) return;
  const provider = providerOf(tx);
  for (const batch of candleBatches(foldCandleTrades(marketId, trades))) {
    const { sql, params } = candleUpsertStatement(batch, provider);
    if (provider === "postgresql") await tx.$executeRaw(positionalSql(sql, params));
    else assertExactVolumes(await tx.$queryRaw<Array<{ volumeType: unknown }>>(positionalSql(sql, params)));
  }
  if (trades.some((trade) => Math.abs(trade.at - now) > CURRENT_TRADE_MS)) await bumpCandleRevision(tx, marketId);
}
