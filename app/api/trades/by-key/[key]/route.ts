// POST /api/trades/by-key/[key] - the outcome of the signed-in trader's trade submission `key`, asked
// by the trade form when the action's answer was lost: recorded (the trade and the action's very text)
// or not recorded, which is final (the key is voided, so it can never record afterwards: hence POST).
// Another trader's key is answered like a key nobody used. 400 for a malformed key, 401 signed out.
import "server-only";
import { jsonError, withSession } from "@/lib/auth/with-session";
import { db } from "@/lib/db";
import { clientKeySchema } from "@/lib/schemas/trade";
import { settleClientKey } from "@/lib/trades/settle-client-key";

export const dynamic = "force-dynamic";

/** Settles and returns the TradeOutcome of `key` for the session's trader. */
export const POST = withSession(async (_request, context: { params: Promise<{ key: string }> }, user) => {
  const parsed = clientKeySchema.safeParse((await context.params).key);
  if (!parsed.success) return jsonError(400, "Not a submission key.");
  try {
    const outcome = await settleClientKey(db, user.id, parsed.data.toLowerCase());
    return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[POST /api/trades/by-key] outcome not read:", error);
    return jsonError(500, "Could not read the trade's outcome. Try again.");
  }
});
