// GET /api/markets/[marketId] - the market's current state from the DB (price, recent trades), for
// pages re-reading after a (re)subscription. 404 for an unknown market; never cached.
import { getMarketState } from "@/lib/market/get-market-state";

const NO_STORE = { "Cache-Control": "no-store" } as const;

/** The market state as JSON (MarketState). */
export async function GET(_request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  try {
    const state = await getMarketState(marketId);
    if (!state) return Response.json({ error: "Unknown market" }, { status: 404, headers: NO_STORE });
    return Response.json(state, { headers: NO_STORE });
  } catch (error) {
    console.error(`[GET /api/markets/${marketId}] failed:`, error);
    return Response.json({ error: "Could not read the market" }, { status: 500, headers: NO_STORE });
  }
}
