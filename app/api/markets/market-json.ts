// The shared answer of the GET /api/markets/[marketId]/* routes: the read's JSON, 404 for an unknown
// market, 500 (logged) when the DB fails; never cached.
import "server-only";
import { jsonError } from "@/lib/auth/with-session";

/** Answers with `read()`'s value as JSON; `read` returns null for an unknown market. `what` names it in the 500. */
export async function marketJson(route: string, what: string, read: () => Promise<unknown>): Promise<Response> {
  try {
    const value = await read();
    if (value === null) return jsonError(404, "Unknown market");
    return Response.json(value, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(`[GET ${route}] failed:`, error);
    return jsonError(500, `Could not read the ${what}`);
  }
}
