// Records one trade: validate, check the market, insert. The single code path of the trade form's
// server action and the demo market maker (`npm run simulate`); it never publishes anything.
import type { DbClient } from "@/lib/db";
import type { TradeDto } from "@/lib/schemas/market";
import { tradeFieldErrors, tradeInputSchema, type TradeFieldErrors } from "@/lib/schemas/trade";
import { toTradeDto } from "@/lib/market/get-recent-trades";

/** The part of the Prisma client recordTrade uses (the app's `db`, a test client, or a transaction). */
export type TradeDb = Pick<DbClient, "market" | "trade">;

/** Who recorded the trade; `userId` stays null until the form requires sign-in. */
export interface RecordTradeOptions {
  userId?: string | null;
}

/** A recorded trade, or the field errors that stopped it (nothing was written then). */
export type RecordTradeResult = { ok: true; trade: TradeDto } | { ok: false; errors: TradeFieldErrors };

/**
 * Validates `input` (marketId, side, price, amount as decimal strings), checks that the market
 * exists, and inserts the trade. Validation problems are returned, not thrown; DB failures throw.
 */
export async function recordTrade(db: TradeDb, input: unknown, options: RecordTradeOptions = {}): Promise<RecordTradeResult> {
  const parsed = tradeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: tradeFieldErrors(parsed.error) };
  const { marketId, side, price, amount } = parsed.data;

  const market = await db.market.findUnique({ where: { id: marketId }, select: { id: true } });
  if (!market) return { ok: false, errors: { marketId: ["Unknown market"] } };

  const row = await db.trade.create({
    data: { marketId: market.id, side, price, amount, userId: options.userId ?? null },
  });
  return { ok: true, trade: toTradeDto(row) };
}
