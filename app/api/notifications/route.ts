// GET /api/notifications - the signed-in user's newest notifications and unread count (re-read after a reconnect).
import "server-only";
import { withSession } from "@/lib/auth/with-session";
import { listNotifications } from "@/lib/notifications/list-notifications";

export const dynamic = "force-dynamic";

/** The session user's notification list (401 without a session). */
export const GET = withSession(async (_request, _context: unknown, user) => {
  const list = await listNotifications(user.id);
  return Response.json(list, { headers: { "Cache-Control": "no-store" } });
});
