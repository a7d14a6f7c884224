// Stores the notice a trader gets for their own trade (call inside the trade's transaction).
import "server-only";
import type { DbClient } from "@/lib/db";
import { formatAmount, formatPrice } from "@/lib/market/format-market";
import type { NotificationDto, PrivateTrade } from "@/lib/schemas/notifications";
import { notificationSelect, toNotificationDto } from "@/lib/notifications/to-dto";

/** Kind of the notification stored for a recorded trade. */
export const TRADE_NOTIFICATION_KIND = "trade";

/** Human text of a trade notice, e.g. "Bought 0.5 BTCUSD" / "Bought 0.5 BTCUSD at 64,000.00". */
export function describeTrade(trade: Pick<PrivateTrade, "marketId" | "side" | "price" | "amount">): {
  title: string;
  body: string;
} {
  const verb = trade.side === "sell" ? "Sold" : "Bought";
  const market = trade.marketId.toUpperCase();
  const amount = formatAmount(trade.amount);
  return { title: `${verb} ${amount} ${market}`, body: `${verb} ${amount} ${market} at ${formatPrice(trade.price)}` };
}

/** Creates the trade notification for `userId`; `client` may be a transaction so both commit together. */
export async function createTradeNotification(
  client: Pick<DbClient, "notification">,
  userId: string,
  trade: PrivateTrade,
): Promise<NotificationDto> {
  const row = await client.notification.create({
    data: { userId, kind: TRADE_NOTIFICATION_KIND, tradeId: trade.id, ...describeTrade(trade) },
    select: notificationSelect,
  });
  return toNotificationDto(row);
}
