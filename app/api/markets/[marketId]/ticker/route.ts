// GET /api/markets/[marketId]/ticker - the 24h ticker computed from the DB (TickerDto), for re-reads
// after a reconnect. 404 for an unknown market; never cached.
import { getTicker } from "@/lib/market/get-ticker";
import { marketExists } from "@/lib/market/market-exists";
import { marketJson } from "@/app/api/markets/market-json";

/** The ticker of one market as JSON. */
export async function GET(_request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  return marketJson(`/api/markets/${marketId}/ticker`, "ticker", async () => ((await marketExists(marketId)) ? getTicker(marketId) : null));
}
