// GET /api/markets/[marketId] - the market's current state from the DB (price, recent trades), for
// pages re-reading after a (re)subscription. 404 for an unknown market; never cached.
import { getMarketState } from "@/lib/market/get-market-state";
import { marketJson } from "@/app/api/markets/market-json";

/** The market state as JSON (MarketState). */
export async function GET(_request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  return marketJson(`/api/markets/${marketId}`, "market", () => getMarketState(marketId));
}
