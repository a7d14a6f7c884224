"use server";
// Server actions of the header's notifications panel and user menu.
import { endSession } from "@/lib/auth/session-cookie";
import { withSessionAction } from "@/lib/auth/with-session";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { countUnreadNotifications } from "@/lib/notifications/list-notifications";
import { markReadSchema } from "@/lib/schemas/notifications";

/** Marks the given notifications (or all) of the signed-in user read; returns the new unread count. */
export const markNotificationsReadAction = withSessionAction(async (user, input: unknown) => {
  const parsed = markReadSchema.safeParse(input);
  if (!parsed.success) return { ok: false as const, message: "Invalid request." };
  await markNotificationsRead(user.id, parsed.data.ids);
  return { ok: true as const, unreadCount: await countUnreadNotifications(user.id) };
});

/** Signs out (clears the session cookie); the caller then loads a fresh page. */
export async function signOutAction(): Promise<void> {
  await endSession();
}
