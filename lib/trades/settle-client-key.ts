// Settles what happened to a submission whose answer was lost (the app died after the commit, the
// connection dropped): the trader's trade under that key, or "not recorded", made final by voiding the
// key in the same transaction, so a lost request that arrives later cannot turn the answer into a lie.
import "server-only";
import type { DbClient } from "@/lib/db";
import type { TradeOutcome } from "@/lib/schemas/trade";
import { findTradeByClientKey } from "@/lib/trades/trade-by-client-key";
import { NOT_RECORDED_OUTCOME, recordedOutcome } from "@/lib/trades/trade-outcome";
import { voidClientKey } from "@/lib/trades/voided-client-keys";

/**
 * The outcome of `userId`'s submission `clientKey`. Keys are per trader: another trader's key is
 * answered exactly like one never used. Runs in one write transaction, serialized with recording.
 */
export async function settleClientKey(client: DbClient, userId: string, clientKey: string): Promise<TradeOutcome> {
  return client.$transaction(async (tx) => {
    const keyed = await findTradeByClientKey(tx, userId, clientKey);
    if (keyed) return recordedOutcome(keyed);
    await voidClientKey(tx, userId, clientKey);
    return NOT_RECORDED_OUTCOME;
  });
}
