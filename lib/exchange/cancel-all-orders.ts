// Cancels every open order of a member in one market: one transaction (one market sequence step),
// serialized per market; publishing is the caller's.
import { applyCancel, type CancelResult } from "@/lib/exchange/cancel-order";
import { marketRefusal } from "@/lib/exchange/exchange-refusal";
import { runMarketCommand, type CommandDb } from "@/lib/exchange/run-market-command";

/** Cancels `userId`'s open orders in `marketId`; none open: ok, nothing cancelled, nothing written (update null). */
export async function cancelAllOrders(client: CommandDb, marketId: string, userId: string): Promise<CancelResult> {
  const result = await runMarketCommand(client, marketId, (context) => {
    const previous = context.engine.sequence;
    return applyCancel(context, context.engine.cancelAll(userId, context.now), previous);
  });
  return "unavailable" in result ? marketRefusal(result.unavailable) : result;
}
