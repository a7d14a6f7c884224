// GET /api/balances - the signed-in member's balance and locked amount in every currency (BalancesView),
// for re-reads after a reconnect. 401 signed out; never cached.
import "server-only";
import { jsonError, withSession } from "@/lib/auth/with-session";
import { db } from "@/lib/db";
import { readBalances } from "@/lib/exchange/read-balances";

export const dynamic = "force-dynamic";

/** The session member's balances as JSON. */
export const GET = withSession(async (_request, _context: unknown, user) => {
  try {
    return Response.json(await readBalances(db, user.id), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[GET /api/balances] failed:", error);
    return jsonError(500, "Could not read the balances");
  }
});
