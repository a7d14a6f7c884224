// The debug console's data: the log batches it receives, the event creator's input (validated as the
// Channels HTTP API validates it), the channels panel's answer, and the OPERATOR_EMAILS list. Browser-safe.
import { z } from "zod";

/** The HTTP API's limits, which the event creator checks before sending. */
export const EVENT_LIMITS = { maxNameLength: 200, maxDataBytes: 10_240 } as const;

/** Channel names as the HTTP API accepts them (`#server-to-user-` channels are the SDK's sendToUser, not this form). */
export const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_\-=@,.;]+$/;

/** Every row type the log shows: the Channels server's, plus the app's own view in hosted-Pusher mode. */
export const LOG_ROW_TYPES = [
  "connection",
  "disconnection",
  "subscribed",
  "unsubscribed",
  "api_message",
  "client_event",
  "member_added",
  "member_removed",
  "occupied",
  "vacated",
  "webhook_sent",
  "webhook_failed",
  "webhook_received",
  "error",
] as const;

/** One log row (from the Channels server's log channel, or the app's own log in hosted mode). */
export const logRowSchema = z.object({
  id: z.number(),
  time: z.number(),
  type: z.string().max(40),
  channel: z.string().optional(),
  channels: z.array(z.string()).optional(),
  event: z.string().optional(),
  socketId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  data: z.string().optional(),
  dataBytes: z.number().optional(),
  encrypted: z.boolean().optional(),
});
/** A log row. */
export type LogRow = z.infer<typeof logRowSchema>;

/** One `log` event on the log channel: rows, and how many the server dropped to stay within its rate bound. */
export const logBatchSchema = z.object({ rows: z.array(logRowSchema), dropped: z.number().int().nonnegative().default(0) });

/** The app's own log (hosted mode): rows newer than the `after` id asked for. */
export const appLogAnswerSchema = z.object({ rows: z.array(logRowSchema) });

function dataProblem(text: string): string | null {
  if (new TextEncoder().encode(text).length > EVENT_LIMITS.maxDataBytes) return `Data is larger than ${EVENT_LIMITS.maxDataBytes} bytes (10 KB)`;
  try {
    JSON.parse(text);
    return null;
  } catch {
    return "Data must be JSON, e.g. {\"price\": \"12345.67\"}";
  }
}

/** The event creator's fields: channel, event name and JSON data. */
export const sendEventSchema = z.object({
  channel: z
    .string({ error: "Enter a channel" })
    .trim()
    .min(1, "Enter a channel")
    .max(EVENT_LIMITS.maxNameLength, `A channel name has at most ${EVENT_LIMITS.maxNameLength} characters`)
    .regex(CHANNEL_NAME_PATTERN, "A channel name may use only A-Z a-z 0-9 _ - = @ , . ;"),
  event: z
    .string({ error: "Enter an event name" })
    .trim()
    .min(1, "Enter an event name")
    .max(EVENT_LIMITS.maxNameLength, `An event name has at most ${EVENT_LIMITS.maxNameLength} characters`),
  data: z.string({ error: "Enter JSON data" }).superRefine((text, ctx) => {
    const problem = dataProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
/** Validated event creator input. */
export type SendEventInput = z.infer<typeof sendEventSchema>;

/** Fields of the event creator that can carry errors. */
export type SendEventField = keyof SendEventInput;

/** What sending answered: the server's acceptance, or its status and message, or field errors. */
export type SendEventResult =
  | { ok: true; channel: string; event: string }
  | { ok: false; status: number | null; message: string; fieldErrors?: Partial<Record<SendEventField, string[]>> };

/** An occupied channel as the channels panel shows it (counts are null where the service gives none). */
export const channelRowSchema = z.object({
  name: z.string(),
  subscriptionCount: z.number().int().nullable(),
  userCount: z.number().int().nullable(),
});
/** A channels panel row. */
export type ChannelRow = z.infer<typeof channelRowSchema>;

/** GET /api/console/channels. */
export const channelsAnswerSchema = z.object({ channels: z.array(channelRowSchema), note: z.string().nullable() });
/** The channels panel's data. */
export type ChannelsAnswer = z.infer<typeof channelsAnswerSchema>;

/** OPERATOR_EMAILS ("a@x.com, b@y.org") as a set of lower-cased addresses; blank or unset: nobody. */
export function parseOperatorEmails(text: string | undefined): Set<string> {
  return new Set(
    (text ?? "")
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter((email) => email.includes("@")),
  );
}
