// GET /api/trades/mine - the signed-in member's newest fills, each with its stored notification, oldest
// first ({events: PrivateTradeEvent[]}, the private `trade` event's shape): what a page re-reads after a
// reconnect to make up for the `trade` events its socket missed. 401 signed out; never cached.
import "server-only";
import { withSession } from "@/lib/auth/with-session";
import { listMyTradeEvents } from "@/lib/notifications/list-trade-events";

export const dynamic = "force-dynamic";

/** The session member's newest trade events. */
export const GET = withSession(async (_request, _context: unknown, user) => {
  try {
    return Response.json({ events: await listMyTradeEvents(user.id) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[GET /api/trades/mine] not read:", error);
    return Response.json({ error: "Could not read your trades. Try again." }, { status: 500, headers: { "Cache-Control": "no-store" } });
  }
});
