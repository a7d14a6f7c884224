"use server";
// Server actions of the header's notifications panel and user menu.
import { endSession } from "@/lib/auth/session-cookie";
import { withSessionAction } from "@/lib/auth/with-session";
import { markReadAndCount, type MarkReadResult } from "@/lib/notifications/mark-notifications-read";
import { markReadSchema } from "@/lib/schemas/notifications";

/**
 * Marks the given notifications (or all) of the signed-in user read; returns the new unread count, or
 * `{ ok: false, message }` for bad input, no session or a database failure (never throws).
 */
export const markNotificationsReadAction = withSessionAction(async (user, input: unknown): Promise<MarkReadResult> => {
  const parsed = markReadSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Invalid request." };
  return markReadAndCount(user.id, parsed.data.ids);
});

/** Signs out: ends every session of the user on the server, clears the cookie; the caller then loads a fresh page. */
export async function signOutAction(): Promise<void> {
  await endSession();
}
