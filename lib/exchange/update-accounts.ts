// Account rows under the funds model: net changes applied with a guard in the same UPDATE, so a
// balance or lock can never go below zero (the statement matches no row and the command fails).
import type { AccountDelta } from "@/lib/exchange/engine";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";

/** An account after a change: amounts in its currency's units (Currency.scale). */
export interface AccountAfter {
  userId: string;
  currency: string;
  balance: bigint;
  locked: bigint;
}

/** A change that would take an account below zero: the transaction must roll back. */
export class NegativeFundsError extends Error {
  constructor(readonly delta: AccountDelta) {
    super(`account ${delta.memberId}/${delta.currency} would go negative (balance ${delta.balance}, locked ${delta.locked})`);
    this.name = "NegativeFundsError";
  }
}

/**
 * Adds one net change to an account, creating the row when the member has none yet (only for a change
 * that takes nothing away). Throws NegativeFundsError when either amount would end below zero.
 */
export async function applyAccountDelta(tx: Pick<ExchangeDb, "$queryRaw" | "account">, delta: AccountDelta, at: Date): Promise<AccountAfter> {
  const rows = await tx.$queryRaw<Array<{ balance: bigint; locked: bigint }>>`
    UPDATE "Account" SET "balance" = "balance" + ${delta.balance}, "locked" = "locked" + ${delta.locked}, "updatedAt" = ${at}
    WHERE "userId" = ${delta.memberId} AND "currencyId" = ${delta.currency}
      AND "balance" + ${delta.balance} >= 0 AND "locked" + ${delta.locked} >= 0
    RETURNING "balance", "locked"`;
  const row = rows[0];
  if (row !== undefined) return { userId: delta.memberId, currency: delta.currency, balance: BigInt(row.balance), locked: BigInt(row.locked) };
  const exists = await tx.account.findUnique({ where: { userId_currencyId: { userId: delta.memberId, currencyId: delta.currency } }, select: { userId: true } });
  if (exists !== null || delta.balance < 0n || delta.locked < 0n) throw new NegativeFundsError(delta);
  await tx.account.create({ data: { userId: delta.memberId, currencyId: delta.currency, balance: delta.balance, locked: delta.locked, updatedAt: at } });
  return { userId: delta.memberId, currency: delta.currency, balance: delta.balance, locked: delta.locked };
}

/** A member's free balance in a currency, 0 without an account (read inside the command's transaction). */
export async function readAvailable(tx: Pick<ExchangeDb, "account">, userId: string, currency: string): Promise<bigint> {
  const row = await tx.account.findUnique({ where: { userId_currencyId: { userId, currencyId: currency } }, select: { balance: true } });
  return row?.balance ?? 0n;
}
