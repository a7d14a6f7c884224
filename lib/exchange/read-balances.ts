// Reads a member's balances: one row per currency (zero where the member has no account yet), in the
// currencies' order, amounts as decimal strings at each currency's scale.
import type { DbClient } from "@/lib/db-client";
import { formatScaled } from "@/lib/exchange/engine";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";
import type { BalancesView } from "@/lib/schemas/order";

/** Every currency's balance and locked amount of `userId`, read in one transaction. */
export async function readBalances(client: Pick<DbClient, "$transaction">, userId: string): Promise<BalancesView> {
  return client.$transaction((tx: ExchangeDb) => readBalancesIn(tx, userId));
}

/** readBalances inside a transaction the caller holds (with its other reads). */
export async function readBalancesIn(tx: Pick<ExchangeDb, "currency" | "account">, userId: string): Promise<BalancesView> {
  const currencies = await tx.currency.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, scale: true } });
  const accounts = await tx.account.findMany({ where: { userId }, select: { currencyId: true, balance: true, locked: true } });
  const byCurrency = new Map(accounts.map((account) => [account.currencyId, account]));
  return {
    accounts: currencies.map((currency) => {
      const account = byCurrency.get(currency.id);
      return { currency: currency.id, balance: formatScaled(account?.balance ?? 0n, currency.scale), locked: formatScaled(account?.locked ?? 0n, currency.scale) };
    }),
  };
}
