// GET /api/markets/[marketId]/candles?interval=1m|5m|1h|1d - candle history from the DB (CandlesDto),
// for interval switches and re-reads after a reconnect. 400 for a bad interval, 404 for an unknown
// market; never cached.
import { jsonError } from "@/lib/auth/with-session";
import { getCandles } from "@/lib/market/get-candles";
import { marketExists } from "@/lib/market/market-exists";
import { candlesQuerySchema } from "@/lib/schemas/market";
import { marketJson } from "@/app/api/markets/market-json";

/** The candles of one market and interval as JSON. */
export async function GET(request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  const url = new URL(request.url);
  const query = candlesQuerySchema.safeParse({ interval: url.searchParams.get("interval") ?? undefined });
  if (!query.success) return jsonError(400, "interval must be one of 1m, 5m, 1h, 1d");
  const { interval } = query.data;
  return marketJson(`/api/markets/${marketId}/candles`, "candles", async () => ((await marketExists(marketId)) ? getCandles(marketId, interval) : null));
}
