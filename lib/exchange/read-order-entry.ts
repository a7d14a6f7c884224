// What the market page's order entry renders with, read from the DB: the market's trading rules (as the
// matching engine compiles them, for the form to show) and, for a signed-in member, their balances, their
// open orders of the market and its recent history. The page's client components keep it live.
import "server-only";
import type { DbClient } from "@/lib/db-client";
import type { MarketConfig } from "@/lib/exchange/engine";
import { readExchangeMarket, type ExchangeDb } from "@/lib/exchange/exchange-market";
import { readBalancesIn } from "@/lib/exchange/read-balances";
import { readMyOrdersIn } from "@/lib/exchange/read-open-orders";
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

/**
 * Reads the order entry of `marketId` for `userId` (null: a visitor): at most `limits.open` open and
 * `limits.history` finished orders. One transaction (one snapshot, and one write-lock wait: every
 * transaction here begins IMMEDIATE) and one market read for the member's balances and both order lists.
 */
export async function readOrderEntry(client: DbClient, marketId: string, userId: string | null, limits: { open: number; history: number }): Promise<OrderEntryView> {
  if (userId === null) {
    const market = await readExchangeMarket(client, marketId);
    return { rules: typeof market === "string" ? null : market.rules.config, trader: null };
  }
  return client.$transaction(async (tx: ExchangeDb): Promise<OrderEntryView> => {
    const market = await readExchangeMarket(tx, marketId);
    if (typeof market === "string") return { rules: null, trader: null };
    const balances = await readBalancesIn(tx, userId);
    const open = await readMyOrdersIn(tx, market, userId, "open", limits.open);
    const history = await readMyOrdersIn(tx, market, userId, "history", limits.history);
    return { rules: market.rules.config, trader: { accounts: balances.accounts, open: open.orders, history: history.orders } };
  });
}
