// Reads a user's notifications (newest first) and unread count: the truth a reload or reconnect re-reads.
import "server-only";
import { db, type DbClient } from "@/lib/db";
import { NOTIFICATION_LIST_LIMIT, type NotificationList } from "@/lib/schemas/notifications";
import { notificationSelect, toNotificationDto } from "@/lib/notifications/to-dto";

/** The newest notifications of `userId` and how many of all theirs are unread. */
export async function listNotifications(userId: string, limit = NOTIFICATION_LIST_LIMIT): Promise<NotificationList> {
  const [rows, unreadCount] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: notificationSelect,
    }),
    countUnreadNotifications(userId),
  ]);
  return { notifications: rows.map(toNotificationDto), unreadCount };
}

/** Number of unread notifications of `userId`. */
export async function countUnreadNotifications(userId: string, client: DbClient = db): Promise<number> {
  return client.notification.count({ where: { userId, readAt: null } });
}
