// What the market page's order entry renders with, read from the DB: the market's trading rules (as the
// matching engine compiles them, for the form to show) and, for a signed-in member, their balances, their
// open orders of the market and its recent history. The page's client components keep it live.
import "server-only";
import type { DbClient } from "@/lib/db-client";
import type { MarketConfig } from "@/lib/exchange/engine";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { readBalances } from "@/lib/exchange/read-balances";
import { readMyOrders } from "@/lib/exchange/read-open-orders";
import type { AccountView, OrderView } from "@/lib/schemas/order";

/** The member's side of the order entry. */
export interface TraderView {
  accounts: AccountView[];
  open: OrderView[];
  history: OrderView[];
}

/** The order entry's first state: the rules (null when the market does not trade) and the member's view (null signed out). */
export interface OrderEntryView {
  rules: MarketConfig | null;
  trader: TraderView | null;
}

/** Reads the order entry of `marketId` for `userId` (null: a visitor): at most `limits.open` open and `limits.history` finished orders. */
export async function readOrderEntry(client: DbClient, marketId: string, userId: string | null, limits: { open: number; history: number }): Promise<OrderEntryView> {
  const market = await readExchangeMarket(client, marketId);
  if (typeof market === "string") return { rules: null, trader: null };
  if (userId === null) return { rules: market.rules.config, trader: null };
  const [balances, open, history] = await Promise.all([
    readBalances(client, userId),
    readMyOrders(client, userId, marketId, "open", limits.open),
    readMyOrders(client, userId, marketId, "history", limits.history),
  ]);
  return { rules: market.rules.config, trader: { accounts: balances.accounts, open: open?.orders ?? [], history: history?.orders ?? [] } };
}
