// Stores the notice a trader gets for their own trade (call inside the trade's transaction).
import "server-only";
import type { DbClient } from "@/lib/db";
import { describeTradeInUnits } from "@/lib/market/format-market";
import type { MarketSummary } from "@/lib/schemas/market";
import { TRADE_NOTIFICATION_KIND, type NotificationDto, type PrivateTrade } from "@/lib/schemas/notifications";
import { notificationSelect, toNotificationDto } from "@/lib/notifications/to-dto";

/** The market a trade notice names: its name ("BTC/USD") and units. */
export type NotifiedMarket = Pick<MarketSummary, "name" | "baseUnit" | "quoteUnit">;

/** Text of a trade notice: title "Trade confirmed · BTC/USD", body "Sold 0.1 BTC at 66,900.50 USD". */
export function describeTrade(
  trade: Pick<PrivateTrade, "side" | "price" | "amount">,
  market: NotifiedMarket,
): { title: string; body: string } {
  return { title: `Trade confirmed · ${market.name}`, body: describeTradeInUnits(trade, market) };
}

/** Creates the trade notification for `userId`; `client` may be a transaction so both commit together. */
export async function createTradeNotification(
  client: Pick<DbClient, "notification">,
  userId: string,
  trade: PrivateTrade,
  market: NotifiedMarket,
): Promise<NotificationDto> {
  const row = await client.notification.create({
    data: { userId, kind: TRADE_NOTIFICATION_KIND, tradeId: trade.id, ...describeTrade(trade, market) },
    select: notificationSelect,
  });
  return toNotificationDto(row);
}
