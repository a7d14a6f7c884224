// POST /api/pusher/user-auth - pusher-js user authentication (pusher:signin) as the session's user.
import "server-only";
import { readFormBody } from "@/lib/auth/read-form-body";
import { jsonError, withSession } from "@/lib/auth/with-session";
import { pusher } from "@/lib/pusher/server";
import { userAuthRequestSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Signs user data for the session's user (401 without a session, 413 oversized, 400 malformed socket_id). */
export const POST = withSession(async (request, _context: unknown, user) => {
  const body = await readFormBody(request);
  if (!body.ok) return jsonError(413, "Request body too large.");
  const parsed = userAuthRequestSchema.safeParse(body.fields);
  if (!parsed.success) return jsonError(400, "Expected a valid socket_id.");
  try {
    const auth = pusher.authenticateUser(parsed.data.socket_id, { id: user.id, user_info: { name: user.name } });
    return Response.json(auth, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[pusher-user-auth] could not sign the user:", error instanceof Error ? error.message : error);
    return jsonError(500, "Could not authenticate the user.");
  }
});
