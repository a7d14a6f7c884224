// GET /api/markets/[marketId]/orders?scope=open|history&limit=50 - the signed-in member's own orders in one
// market (MyOrders): open (newest first) or history (done and cancelled, most recently changed first),
// for re-reads after a reconnect. 401 signed out, 400 for a bad query, 404 for an unknown market; never cached.
import { jsonError, withSession } from "@/lib/auth/with-session";
import { db } from "@/lib/db";
import { readMyOrders } from "@/lib/exchange/read-open-orders";
import { marketIdSchema } from "@/lib/schemas/market";
import { myOrdersQuerySchema } from "@/lib/schemas/order";
import { marketJson } from "@/app/api/markets/market-json";

export const dynamic = "force-dynamic";

/** The session member's orders as JSON. */
export const GET = withSession(async (request, context: { params: Promise<{ marketId: string }> }, user) => {
  const { marketId } = await context.params;
  const url = new URL(request.url);
  const query = myOrdersQuerySchema.safeParse({ scope: url.searchParams.get("scope") ?? undefined, limit: url.searchParams.get("limit") ?? undefined });
  if (!query.success) return jsonError(400, "scope must be open or history, limit 1 to 200");
  const { scope, limit } = query.data;
  return marketJson(`/api/markets/${marketId}/orders`, "orders", async () => (marketIdSchema.safeParse(marketId).success ? readMyOrders(db, user.id, marketId, scope, limit) : null));
});
