// POST /api/orders/by-key/[key] - the outcome of the signed-in member's order submission `key` (the
// client order id), asked by the order form when the action's answer was lost: placed (the order) or
// not placed, which is final (the key is voided, so it can never place afterwards: hence POST). Another
// member's key is answered like a key nobody used. 400 for a malformed key, 401 signed out.
import "server-only";
import { jsonError, withSession } from "@/lib/auth/with-session";
import { db } from "@/lib/db";
import { settleOrderKey } from "@/lib/exchange/settle-order-key";
import { clientKeySchema } from "@/lib/schemas/trade";

export const dynamic = "force-dynamic";

/** Settles and returns the OrderOutcome of `key` for the session's member. */
export const POST = withSession(async (_request, context: { params: Promise<{ key: string }> }, user) => {
  const parsed = clientKeySchema.safeParse((await context.params).key);
  if (!parsed.success) return jsonError(400, "Not a submission key.");
  try {
    const outcome = await settleOrderKey(db, user.id, parsed.data.toLowerCase());
    return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("[POST /api/orders/by-key] outcome not read:", error);
    return jsonError(500, "Could not read the order's outcome. Try again.");
  }
});
