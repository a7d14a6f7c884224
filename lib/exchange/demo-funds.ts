// Demo funds: what a new sign-up is granted, and grants as deposits into accounts (outside the order
// flow: a grant adds to a member's free balance, so the conserved totals grow by exactly the grant).
import { parseScaledOrThrow } from "@/lib/exchange/engine/decimal";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";

/** Amounts per currency id, decimal strings. */
export type FundsGrant = Readonly<Record<string, string>>;

/** What every new account gets on sign-up (and the seeded demo traders on their first seed): 100,000 USD, 2 BTC, 30 ETH. */
export const DEMO_GRANT: FundsGrant = { usd: "100000", btc: "2", eth: "30" };

/**
 * Credits `grant` to `userId`'s accounts (created when missing) in the currencies that exist; a currency
 * the DB does not have is skipped. Call inside the transaction that creates the user, or any other.
 */
export async function grantFunds(tx: Pick<ExchangeDb, "currency" | "account">, userId: string, grant: FundsGrant): Promise<void> {
  const currencies = await tx.currency.findMany({ where: { id: { in: Object.keys(grant) } }, select: { id: true, scale: true } });
  for (const currency of currencies) {
    const text = grant[currency.id];
    if (text === undefined) continue;
    const amount = parseScaledOrThrow(text, currency.scale, `grant of ${currency.id}`);
    if (amount < 0n) throw new RangeError(`a grant cannot be negative (${currency.id} ${text})`);
    await tx.account.upsert({
      where: { userId_currencyId: { userId, currencyId: currency.id } },
      create: { userId, currencyId: currency.id, balance: amount },
      update: { balance: { increment: amount } },
    });
  }
}
