// Marks a user's notifications read: only their own, only unread ones.
import "server-only";
import { db, type DbClient } from "@/lib/db";
import { countUnreadNotifications } from "@/lib/notifications/list-notifications";

/** Marks `ids` (or every unread one when omitted) of `userId` read; returns how many changed. */
export async function markNotificationsRead(userId: string, ids?: readonly number[], client: DbClient = db): Promise<number> {
  const where = ids === undefined ? { userId, readAt: null } : { userId, readAt: null, id: { in: [...ids] } };
  const result = await client.notification.updateMany({ where, data: { readAt: new Date() } });
  return result.count;
}

/** The new unread count, or a message for the user when the database failed (never a thrown error). */
export type MarkReadResult = { ok: true; unreadCount: number } | { ok: false; message: string };

/** Marks notifications read and re-counts the unread ones; a DB failure is logged and returned as a value. */
export async function markReadAndCount(userId: string, ids?: readonly number[], client: DbClient = db): Promise<MarkReadResult> {
  try {
    await markNotificationsRead(userId, ids, client);
    return { ok: true, unreadCount: await countUnreadNotifications(userId, client) };
  } catch (error) {
    console.error("[notifications] could not mark notifications read:", error);
    return { ok: false, message: "Could not mark notifications read. Please try again." };
  }
}
