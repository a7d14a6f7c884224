// Marks a user's notifications read: only their own, only unread ones.
import "server-only";
import { db } from "@/lib/db";

/** Marks `ids` (or every unread one when omitted) of `userId` read; returns how many changed. */
export async function markNotificationsRead(userId: string, ids?: readonly number[]): Promise<number> {
  const where = ids === undefined ? { userId, readAt: null } : { userId, readAt: null, id: { in: [...ids] } };
  const result = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  return result.count;
}
