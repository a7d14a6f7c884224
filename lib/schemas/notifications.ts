// zod schemas for private notifications: the DTO the list shows and the `trade` event on a private channel.
import { z } from "zod";

/** How many notifications the header panel shows: the server lists this many, live events keep it at this many. */
export const NOTIFICATION_LIST_LIMIT = 20;

/** Kind of the notification stored for a recorded trade. */
export const TRADE_NOTIFICATION_KIND = "trade";

/** A stored notification as it crosses to client components and the private channel. */
export const notificationSchema = z.object({
  id: z.number().int().positive(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  tradeId: z.number().int().positive().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
/** Plain notification DTO (dates as ISO strings). */
export type NotificationDto = z.infer<typeof notificationSchema>;

/** The trader's own trade as carried by the private `trade` event (decimals as strings). */
export const privateTradeSchema = z.object({
  id: z.number().int().positive(),
  marketId: z.string(),
  side: z.string(),
  price: z.string(),
  amount: z.string(),
  createdAt: z.string(),
});
/** A trade confirmation for its trader. */
export type PrivateTrade = z.infer<typeof privateTradeSchema>;

/** Payload of the `trade` event on `private(-encrypted)-user-<sn>`. */
export const privateTradeEventSchema = z.object({
  trade: privateTradeSchema,
  notification: notificationSchema,
});
/** Parsed `trade` event payload. */
export type PrivateTradeEvent = z.infer<typeof privateTradeEventSchema>;

/** GET /api/trades/mine: the member's newest fills as `trade` event payloads, oldest first (re-read after a reconnect). */
export const privateTradeEventsSchema = z.object({ events: z.array(privateTradeEventSchema) });

/** The notifications list with its unread count (GET /api/notifications). */
export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  unreadCount: z.number().int().nonnegative(),
});
/** Parsed notifications list. */
export type NotificationList = z.infer<typeof notificationListSchema>;

/** Mark-read request: some ids, or every unread notification when `ids` is absent. */
export const markReadSchema = z.object({
  ids: z.array(z.number().int().positive()).max(200).optional(),
});
/** Parsed mark-read request. */
export type MarkReadInput = z.infer<typeof markReadSchema>;

/** Name of the private event carrying a trade confirmation. */
export const PRIVATE_TRADE_EVENT = "trade";
