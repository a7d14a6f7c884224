// Records a signed-in trader's trade and its notification in one transaction (both or neither), at most
// once per submission key: a repeat of a key (a retry, a replayed request, the same key racing in from
// another request or process) is answered with the trade that key recorded, never with a second one.
import "server-only";
import type { DbClient } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { NotificationDto } from "@/lib/schemas/notifications";
import type { TradeFieldErrors } from "@/lib/schemas/trade";
import { createTradeNotification } from "@/lib/notifications/create-trade-notification";
import { recordTrade } from "@/lib/trades/record-trade";
import { findTradeByClientKey, type KeyedTrade } from "@/lib/trades/trade-by-client-key";
import { isClientKeyVoided } from "@/lib/trades/voided-client-keys";

/**
 * What a keyed submission did: recorded a new trade (with its stored notification), found the trade its
 * key recorded before (a repeat), found its key voided ("not recorded" was already answered), or was
 * refused by validation (nothing written).
 */
export type RecordedWithNotification =
  | (KeyedTrade & { kind: "recorded"; notification: NotificationDto })
  | (KeyedTrade & { kind: "repeat" })
  | { kind: "voided" }
  | { kind: "refused"; errors: TradeFieldErrors };

/** A unique-index violation: inside this transaction, only Trade's (userId, clientKey) can raise one. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Validates and records `input` for `userId` under `clientKey` (a validated key), with the trader's notification. */
export async function recordTradeWithNotification(
  client: DbClient,
  userId: string,
  clientKey: string,
  input: unknown,
): Promise<RecordedWithNotification> {
  // A repeat is answered from the key's trade without taking the write lock (or re-checking the band).
  const earlier = await findTradeByClientKey(client, userId, clientKey);
  if (earlier) return { kind: "repeat", ...earlier };
  try {
    return await client.$transaction(async (tx): Promise<RecordedWithNotification> => {
      if (await isClientKeyVoided(tx, userId, clientKey)) return { kind: "voided" };
      const result = await recordTrade(tx, input, { userId, clientKey });
      if (!result.ok) return { kind: "refused", errors: result.errors };
      const notification = await createTradeNotification(tx, userId, result.trade, result.market);
      return { kind: "recorded", trade: result.trade, market: result.market, notification };
    });
  } catch (error) {
    // The same key raced in and committed between the read above and this insert: the unique index
    // refused the second trade (the transaction rolled back); answer with the one that won.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findTradeByClientKey(client, userId, clientKey);
    if (!winner) throw error;
    return { kind: "repeat", ...winner };
  }
}
