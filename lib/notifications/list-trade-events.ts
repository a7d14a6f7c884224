// Reads a member's newest fills as their private `trade` events: each trade (as taker, maker or the one
// who recorded it, in every market) with the notification stored for it, oldest first. What a page
// re-reads after a reconnect to make up for the events its socket missed (GET /api/trades/mine).
import "server-only";
import { db, type DbClient } from "@/lib/db";
import { normalizeDecimal } from "@/lib/market/decimal";
import { notificationSelect, toNotificationDto } from "@/lib/notifications/to-dto";
import { TRADE_NOTIFICATION_KIND, type PrivateTradeEvent } from "@/lib/schemas/notifications";

/** How many of the newest fills the re-read gives. */
export const MY_TRADE_EVENTS_LIMIT = 50;

/** The `limit` newest trade events of `userId`, oldest first; each trade's side is the member's own. */
export async function listMyTradeEvents(userId: string, { client = db, limit = MY_TRADE_EVENTS_LIMIT }: { client?: Pick<DbClient, "notification" | "trade">; limit?: number } = {}): Promise<PrivateTradeEvent[]> {
  const notes = await client.notification.findMany({
    where: { userId, kind: TRADE_NOTIFICATION_KIND, tradeId: { not: null } },
    orderBy: { id: "desc" },
    take: limit,
    select: notificationSelect,
  });
  const ids = notes.flatMap((note) => (note.tradeId === null ? [] : [note.tradeId]));
  const trades = await client.trade.findMany({
    where: { id: { in: ids } },
    select: { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true, userId: true, makerUserId: true },
  });
  const byId = new Map(trades.map((trade) => [trade.id, trade]));
  const events: PrivateTradeEvent[] = [];
  for (const note of notes.toReversed()) {
    const trade = note.tradeId === null ? undefined : byId.get(note.tradeId);
    if (trade === undefined) continue;
    // A fill's side is the taker's; the maker was on the other side.
    const asMaker = trade.makerUserId === userId && trade.userId !== userId;
    const side = asMaker ? (trade.side === "sell" ? "buy" : "sell") : trade.side;
    events.push({
      trade: { id: trade.id, marketId: trade.marketId, side, price: normalizeDecimal(trade.price), amount: normalizeDecimal(trade.amount), createdAt: trade.createdAt.toISOString() },
      notification: toNotificationDto(note),
    });
  }
  return events;
}
