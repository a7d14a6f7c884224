// Text of the account UI's notices: trade descriptions with the market's units, notification headings
// that do not just repeat the body, and times in UTC like the trade tape. Pure functions.
import { formatTimeUtc } from "@/lib/market/format";
import { describeTradeInUnits, formatAmount, formatPrice, marketLabel } from "@/lib/market/format-market";
import type { MarketSummary } from "@/lib/schemas/market";
import { TRADE_NOTIFICATION_KIND, type NotificationDto, type PrivateTrade } from "@/lib/schemas/notifications";

/** "Sold 0.1 BTC at 66,900.50 USD on BTC/USD" (units from `markets`; the bare market id when unknown). */
export function describePrivateTrade(trade: Pick<PrivateTrade, "marketId" | "side" | "price" | "amount">, markets: readonly MarketSummary[]): string {
  const market = markets.find((candidate) => candidate.id === trade.marketId);
  if (!market) {
    const verb = trade.side === "sell" ? "Sold" : "Bought";
    return `${verb} ${formatAmount(trade.amount)} at ${formatPrice(trade.price)} on ${trade.marketId.toUpperCase()}`;
  }
  return `${describeTradeInUnits(trade, market)} on ${marketLabel(market)}`;
}

const KIND_HEADINGS: Readonly<Record<string, string>> = { [TRADE_NOTIFICATION_KIND]: "Trade confirmed" };

/** The heading of a notification: its title, or what kind of notice it is when the body already says the title. */
export function notificationHeading(notification: Pick<NotificationDto, "kind" | "title" | "body">): string {
  if (!notification.body.startsWith(notification.title)) return notification.title;
  return KIND_HEADINGS[notification.kind] ?? "Notification";
}

/** "08:36:36 UTC" on `today` (a UTC "YYYY-MM-DD"), "2026-11-21 08:36:36 UTC" on another day. */
export function formatNotificationTime(iso: string, today: string): string {
  const day = new Date(iso).toISOString().slice(0, 10);
  return `${day === today ? "" : `${day} `}${formatTimeUtc(iso)} UTC`;
}

/** Today's UTC date as "YYYY-MM-DD". */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
