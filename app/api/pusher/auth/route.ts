// POST /api/pusher/auth - pusher-js channel authorization: the session user's own private channel and
// allow-listed presence channels (member data from the session), nothing else.
import "server-only";
import { decideChannelAccess } from "@/lib/auth/decide-channel-access";
import { privateChannelFor } from "@/lib/auth/private-channel";
import { readFormBody } from "@/lib/auth/read-form-body";
import { decideConsoleLogAccess } from "@/lib/console/console-log-access";
import { jsonError, withSession } from "@/lib/auth/with-session";
import { pusher } from "@/lib/pusher/server";
import { channelAuthRequestSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Signs a subscription (401 without a session, 413 oversized, 400 malformed, 403 not yours). */
export const POST = withSession(async (request, _context: unknown, user) => {
  const body = await readFormBody(request);
  if (!body.ok) return jsonError(413, "Request body too large.");
  const parsed = channelAuthRequestSchema.safeParse(body.fields);
  if (!parsed.success) return jsonError(400, "Expected socket_id and a valid channel_name.");
  const { socket_id: socketId, channel_name: channel } = parsed.data;

  // The console's log channel: the operator check, server-side, on every request; other channels: the user rules.
  const access = decideConsoleLogAccess(user, channel) ?? decideChannelAccess(user, privateChannelFor(user), channel);
  if (!access.allowed) return jsonError(403, "You may not subscribe to this channel.");

  try {
    // For private-encrypted- channels the SDK adds shared_secret (it holds the master key).
    const auth = access.kind === "presence" ? pusher.authorizeChannel(socketId, channel, access.presenceData) : pusher.authorizeChannel(socketId, channel);
    return Response.json(auth, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[pusher-auth] could not sign the subscription:", error instanceof Error ? error.message : error);
    return jsonError(500, "Could not authorize the subscription.");
  }
});
