// GET /api/console/app-log?after=<id> - hosted-Pusher mode: the app's own log (its triggers, the webhooks
// it received) newer than `after`, for the console to poll. Operators only (404 for everyone else).
import "server-only";
import { z } from "zod";
import { jsonError } from "@/lib/auth/with-session";
import { appLog } from "@/lib/console/app-log";
import { withOperator } from "@/lib/console/require-operator";

export const dynamic = "force-dynamic";

const querySchema = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/** 200 {rows: [...]} oldest first; 400 for a malformed `after`. */
export const GET = withOperator(async (request) => {
  const query = querySchema.safeParse({ after: new URL(request.url).searchParams.get("after") ?? undefined });
  if (!query.success) return jsonError(400, "Expected after=<row id>.");
  return Response.json({ rows: appLog.after(query.data.after) }, { headers: { "Cache-Control": "no-store" } });
});
