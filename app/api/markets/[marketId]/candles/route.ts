// GET /api/markets/[marketId]/candles?interval=1m|5m|1h|1d - candle history from the DB (CandlesDto),
// for interval switches and re-reads after a reconnect. 400 for a bad interval, 404 for an unknown
// market; never cached.
import { getCandles } from "@/lib/market/get-candles";
import { marketExists } from "@/lib/market/market-exists";
import { candlesQuerySchema } from "@/lib/schemas/market";

const NO_STORE = { "Cache-Control": "no-store" } as const;

/** The candles of one market and interval as JSON. */
export async function GET(request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  const url = new URL(request.url);
  const query = candlesQuerySchema.safeParse({ interval: url.searchParams.get("interval") ?? undefined });
  if (!query.success) return Response.json({ error: "interval must be one of 1m, 5m, 1h, 1d" }, { status: 400, headers: NO_STORE });
  try {
    if (!(await marketExists(marketId))) return Response.json({ error: "Unknown market" }, { status: 404, headers: NO_STORE });
    return Response.json(await getCandles(marketId, query.data.interval), { headers: NO_STORE });
  } catch (error) {
    console.error(`[GET /api/markets/${marketId}/candles] failed:`, error);
    return Response.json({ error: "Could not read the candles" }, { status: 500, headers: NO_STORE });
  }
}
