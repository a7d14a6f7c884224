// GET /api/markets/[marketId]/book - the order book from the DB: the top 50 levels per side, best first,
// with the market sequence they stand at (OrderBookView), for a page that missed an update (a gap in
// the sequence) or reconnected. Public. 404 for an unknown market or one that does not trade; never cached.
import { db } from "@/lib/db";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { marketIdSchema } from "@/lib/schemas/market";
import { marketJson } from "@/app/api/markets/market-json";

export const dynamic = "force-dynamic";

/** The book as JSON. */
export async function GET(_request: Request, context: { params: Promise<{ marketId: string }> }): Promise<Response> {
  const { marketId } = await context.params;
  return marketJson(`/api/markets/${marketId}/book`, "order book", async () => (marketIdSchema.safeParse(marketId).success ? readOrderBook(db, marketId) : null));
}
