// zod schema of a Channels webhook body as Pusher (and our Channels server) POSTs it:
// `{ time_ms, events: [{ name, channel, ... }] }`.
import { z } from "zod";

/** One webhook event. Known names: channel_occupied/vacated, member_added/removed, client_event, subscription_count, cache_miss. */
export const webhookEventSchema = z.looseObject({
  name: z.string().min(1).max(64),
  channel: z.string().min(1).max(256),
  user_id: z.string().max(256).optional(),
  event: z.string().max(256).optional(),
  socket_id: z.string().max(64).optional(),
  subscription_count: z.number().int().nonnegative().optional(),
});
/** A parsed webhook event. */
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** The body of a webhook POST. */
export const webhookBodySchema = z.object({
  time_ms: z.number().int().nonnegative(),
  events: z.array(webhookEventSchema).max(1_000),
});
/** A parsed webhook body. */
export type WebhookBody = z.infer<typeof webhookBodySchema>;
