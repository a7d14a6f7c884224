// Records a signed-in user's trade and its notification in one transaction (both or neither).
import "server-only";
import type { DbClient } from "@/lib/db";
import type { NotificationDto } from "@/lib/schemas/notifications";
import { createTradeNotification } from "@/lib/notifications/create-trade-notification";
import { recordTrade, type RecordTradeResult } from "@/lib/trades/record-trade";

/** recordTrade's result, plus the stored notification when the trade was recorded. */
export type RecordedWithNotification =
  | (Extract<RecordTradeResult, { ok: true }> & { notification: NotificationDto })
  | Extract<RecordTradeResult, { ok: false }>;

/** Validates and records `input` for `userId`, storing the trader's notification in the same transaction. */
export async function recordTradeWithNotification(
  client: DbClient,
  userId: string,
  input: unknown,
): Promise<RecordedWithNotification> {
  return client.$transaction(async (tx) => {
    const result = await recordTrade(tx, input, { userId });
    if (!result.ok) return result;
    const notification = await createTradeNotification(tx, userId, result.trade, result.market);
    return { ...result, notification };
  });
}
