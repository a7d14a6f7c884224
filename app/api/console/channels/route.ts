// GET /api/console/channels - the console's channels panel: occupied channels and their counts, read
// through the Channels HTTP API with the app's signed SDK. Operators only (404 for everyone else).
import "server-only";
import { jsonError } from "@/lib/auth/with-session";
import { listOccupiedChannels } from "@/lib/console/list-channels";
import { withOperator } from "@/lib/console/require-operator";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";
import { pusher } from "@/lib/pusher/server";

export const dynamic = "force-dynamic";

/** 200 {channels: [{name, subscriptionCount, userCount}], note}; 502 when the Channels service does not answer. */
export const GET = withOperator(async () => {
  try {
    return Response.json(await listOccupiedChannels(pusher), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(`[console] channels list failed: ${describeTriggerFailure(error)}`);
    return jsonError(502, "The Channels service did not answer the channels query.");
  }
});
