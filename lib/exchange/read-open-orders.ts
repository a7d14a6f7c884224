// Reads a member's orders in one market: the open ones (newest first) or the history (done and
// cancelled, most recently changed first). Only the member's own rows are ever read.
import type { DbClient } from "@/lib/db-client";
import { readExchangeMarket, type ExchangeDb, type ExchangeMarket } from "@/lib/exchange/exchange-market";
import { orderViewSelect, toOrderView } from "@/lib/exchange/order-view";
import type { MyOrders } from "@/lib/schemas/order";

/** Which orders: open (`wait`) or history (`done`, `cancel`). */
export type OrdersScope = MyOrders["scope"];

/** `userId`'s orders of `marketId` in `scope`, at most `limit`; null when the market does not trade. */
export async function readMyOrders(client: Pick<DbClient, "$transaction">, userId: string, marketId: string, scope: OrdersScope = "open", limit = 50): Promise<MyOrders | null> {
  return client.$transaction(async (tx: ExchangeDb) => {
    const market = await readExchangeMarket(tx, marketId);
    return typeof market === "string" ? null : readMyOrdersIn(tx, market, userId, scope, limit);
  });
}

/** readMyOrders of a market the caller has read, inside the caller's transaction. */
export async function readMyOrdersIn(tx: Pick<ExchangeDb, "order">, market: ExchangeMarket, userId: string, scope: OrdersScope, limit: number): Promise<MyOrders> {
  const rows = await tx.order.findMany({
    where: { userId, marketId: market.id, state: scope === "open" ? "wait" : { in: ["done", "cancel"] } },
    orderBy: scope === "open" ? [{ createdAt: "desc" }, { seq: "desc" }] : [{ updatedAt: "desc" }, { seq: "desc" }],
    take: limit,
    select: orderViewSelect,
  });
  return { marketId: market.id, scope, orders: rows.map((row) => toOrderView(market.rules, row)) };
}
