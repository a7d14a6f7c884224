// GET /api/markets/[marketId]/ticker - the 24h ticker computed from the DB (TickerDto), for re-reads
// after a reconnect. 404 for an unknown market; never cached.
import { getTicker } from "@/lib/market/get-ticker";
import { marketExists } from "@/lib/market/market-exists";

const NO_STORE = { "Cache-Control": "no-store" } as const;

/** The ticker of one market as JSON. */
export async function GET(_request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  try {
    if (!(await marketExists(marketId))) return Response.json({ error: "Unknown market" }, { status: 404, headers: NO_STORE });
    return Response.json(await getTicker(marketId), { headers: NO_STORE });
  } catch (error) {
    console.error(`[GET /api/markets/${marketId}/ticker] failed:`, error);
    return Response.json({ error: "Could not read the ticker" }, { status: 500, headers: NO_STORE });
  }
}
