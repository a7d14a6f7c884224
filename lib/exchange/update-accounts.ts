// Account rows under the funds model: net changes applied with a guard in the same UPDATE, so a
// balance or lock can never go below zero (the statement matches no row and the command fails).
import type { AccountDelta } from "@/lib/exchange/engine";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";
import { Prisma } from "@/lib/generated/prisma/client";

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

/**
 * Applies a command's net changes (one per account, as sumFundsByAccount gives them) in one guarded
 * UPDATE; an account the member does not have yet is created (for a change that takes nothing away).
 * Returns the accounts after the change, in the order of `deltas`. Throws NegativeFundsError when any
 * amount would end below zero (the caller's transaction then rolls everything back).
 */
export async function applyAccountDeltas(tx: Pick<ExchangeDb, "$queryRaw" | "account">, deltas: readonly AccountDelta[], at: Date): Promise<AccountAfter[]> {
  if (deltas.length === 0) return [];
  // The amounts cast: PostgreSQL types a VALUES list's untyped parameters as text.
  const values = Prisma.join(deltas.map((delta) => Prisma.sql`(${delta.memberId}, ${delta.currency}, CAST(${delta.balance} AS BIGINT), CAST(${delta.locked} AS BIGINT))`));
  const rows = await tx.$queryRaw<Array<{ userId: string; currencyId: string; balance: bigint; locked: bigint }>>`
    WITH "d"("userId", "currencyId", "balance", "locked") AS (VALUES ${values})
    UPDATE "Account" SET "balance" = "Account"."balance" + "d"."balance", "locked" = "Account"."locked" + "d"."locked", "updatedAt" = ${at}
    FROM "d"
    WHERE "Account"."userId" = "d"."userId" AND "Account"."currencyId" = "d"."currencyId"
      AND "Account"."balance" + "d"."balance" >= 0 AND "Account"."locked" + "d"."locked" >= 0
    RETURNING "Account"."userId", "Account"."currencyId", "Account"."balance", "Account"."locked"`;
  const updated = new Map(rows.map((row) => [`${row.userId}\u0000${row.currencyId}`, row]));
  const after: AccountAfter[] = [];
  for (const delta of deltas) {
    const row = updated.get(`${delta.memberId}\u0000${delta.currency}`);
    // Not updated: no such account yet (create it), or the guard refused (applyAccountDelta throws).
    after.push(row === undefined ? await applyAccountDelta(tx, delta, at) : { userId: delta.memberId, currency: delta.currency, balance: BigInt(row.balance), locked: BigInt(row.locked) });
  }
  return after;
}

/** A member's free balance in a currency, 0 without an account (read inside the command's transaction). */
export async function readAvailable(tx: Pick<ExchangeDb, "account">, userId: string, currency: string): Promise<bigint> {
  const row = await tx.account.findUnique({ where: { userId_currencyId: { userId, currencyId: currency } }, select: { balance: true } });
  return row?.balance ?? 0n;
}
