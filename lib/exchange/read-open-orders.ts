// Reads a member's orders in one market: the open ones (newest first) or the history (done and
// cancelled, most recently changed first). Only the member's own rows are ever read.
import type { DbClient } from "@/lib/db-client";
import { readExchangeMarket, type ExchangeDb } from "@/lib/exchange/exchange-market";
import { orderViewSelect, toOrderView } from "@/lib/exchange/order-view";
import type { MyOrders } from "@/lib/schemas/order";

/** Which orders: open (`wait`) or history (`done`, `cancel`). */
export type OrdersScope = MyOrders["scope"];

/** `userId`'s orders of `marketId` in `scope`, at most `limit`; null when the market does not trade. */
export async function readMyOrders(client: Pick<DbClient, "$transaction">, userId: string, marketId: string, scope: OrdersScope = "open", limit = 50): Promise<MyOrders | null> {
  return client.$transaction(async (tx: ExchangeDb) => {
    const market = await readExchangeMarket(tx, marketId);
    if (typeof market === "string") return null;
    const rows = await tx.order.findMany({
      where: { userId, marketId, state: scope === "open" ? "wait" : { in: ["done", "cancel"] } },
      orderBy: scope === "open" ? [{ createdAt: "desc" }, { seq: "desc" }] : [{ updatedAt: "desc" }, { seq: "desc" }],
      take: limit,
      select: orderViewSelect,
    });
    return { marketId, scope, orders: rows.map((row) => toOrderView(market.rules, row)) };
  });
}
