// Cancels one of a member's open orders: one transaction, serialized per market. Another member's order
// id is answered exactly like a missing one. The unlocked funds, the order's new state and the market
// sequence are written together; publishing is the caller's (publishExchangeUpdate, after the commit).
import { applyEngineEvents } from "@/lib/exchange/apply-engine-events";
import { engineRefusal, marketRefusal, type ExchangeRefusal } from "@/lib/exchange/exchange-refusal";
import { buildExchangeUpdate, type ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { toOrderView } from "@/lib/exchange/order-view";
import { runMarketCommand, type CommandContext, type CommandDb } from "@/lib/exchange/run-market-command";
import type { CommandResult } from "@/lib/exchange/engine";
import type { OrderView } from "@/lib/schemas/order";

/** Orders a cancel took out of the book (empty when a cancel-all found none), and what to publish (null: nothing changed). */
export type CancelResult = { ok: true; cancelled: OrderView[]; update: ExchangeUpdate | null } | ExchangeRefusal;

/** Writes a cancel command's outcome (shared with cancelAllOrders). */
export async function applyCancel(context: CommandContext, result: CommandResult, previousSequence: number): Promise<CancelResult> {
  if (!result.ok) return engineRefusal(result.error);
  const { tx, market, engine, now } = context;
  if (result.events.length === 0) return { ok: true, cancelled: [], update: null };
  const applied = await applyEngineEvents(tx, market, result.events, result.sequence, previousSequence, now);
  const update = await buildExchangeUpdate(tx, market, engine, applied);
  return { ok: true, cancelled: applied.orders.map((order) => toOrderView(market.rules, order.amounts)), update };
}

/** Cancels `orderId` in `marketId` if it is `userId`'s and open; otherwise order_not_found and nothing changes. */
export async function cancelOrder(client: CommandDb, marketId: string, userId: string, orderId: string): Promise<CancelResult> {
  const result = await runMarketCommand(client, marketId, (context) => {
    const previous = context.engine.sequence;
    return applyCancel(context, context.engine.cancel(orderId, userId, context.now), previous);
  });
  return "unavailable" in result ? marketRefusal(result.unavailable) : result;
}
