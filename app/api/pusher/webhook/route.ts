// POST /api/pusher/webhook - Channels webhooks (channel_occupied/vacated, member_added/removed, ...):
// signature-checked against the configured app's key and secret, then logged (a line per event at
// LOG_LEVEL=debug, a count per interval at info: lib/pusher/webhook-log.ts).
import "server-only";
import { jsonError } from "@/lib/auth/with-session";
import { recordWebhookEvents } from "@/lib/console/app-log";
import { env } from "@/lib/env";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { resolvePusherTarget } from "@/lib/pusher/resolve-target";
import { isValidWebhookSignature } from "@/lib/pusher/webhook";
import { createWebhookLog } from "@/lib/pusher/webhook-log";
import { WebhookReplayGuard } from "@/lib/pusher/webhook-replay";
import { webhookBodySchema } from "@/lib/schemas/webhook";

export const dynamic = "force-dynamic";

/** This server process's webhook log. */
const webhookLog = createWebhookLog({ level: env.LOG_LEVEL, intervalMs: env.WEBHOOK_LOG_INTERVAL_MS });

/** Webhook batches are small JSON documents; anything larger is refused unread. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

/** Signatures of the deliveries this process accepted, kept while their time_ms is in the window. */
const replayGuard = new WebhookReplayGuard();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * 200 for a well-signed, well-formed, fresh batch; 401 bad or missing signature, or a time_ms outside the
 * window (stale); 409 a delivery already accepted (replayed); 400 malformed body; 413 oversized.
 */
export async function POST(request: Request): Promise<Response> {
  const body = await readLimitedBody(request, MAX_WEBHOOK_BYTES);
  if (!body.ok) return jsonError(413, "Webhook body too large.");
  const signed = {
    key: request.headers.get("x-pusher-key"),
    signature: request.headers.get("x-pusher-signature"),
    body: body.bytes,
  };
  if (!isValidWebhookSignature(signed, resolvePusherTarget(env))) return jsonError(401, "Invalid webhook signature.");

  const parsed = webhookBodySchema.safeParse(parseJson(body.bytes.toString("utf8")));
  if (!parsed.success) return jsonError(400, "Expected a webhook body: { time_ms, events: [{ name, channel }] }.");
  const admitted = replayGuard.admit(signed.signature ?? "", parsed.data.time_ms);
  if (!admitted.ok) return jsonError(admitted.status, admitted.message);
  webhookLog.record(parsed.data.events);
  recordWebhookEvents(parsed.data.events);
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
