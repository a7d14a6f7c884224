// Websocket frames: zod schemas for what clients send, encoders for what the server sends.
import { z } from "zod";

/** Some clients send `data` as a JSON string, pusher-js as an object: accept both. */
const jsonObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);

/** Any inbound frame: an event name, maybe a channel, maybe data. */
export const inboundFrameSchema = z.object({
  event: z.string().min(1),
  channel: z.string().optional(),
  data: z.unknown().optional(),
});
/** A parsed inbound frame. */
export type InboundFrame = z.infer<typeof inboundFrameSchema>;

/** `pusher:subscribe` data. */
export const subscribeDataSchema = jsonObject(
  z.object({
    channel: z.string(),
    auth: z.string().optional(),
    channel_data: z.string().optional(),
  }),
);
/** Parsed `pusher:subscribe` data. */
export type SubscribeData = z.infer<typeof subscribeDataSchema>;

/** `pusher:unsubscribe` data. */
export const unsubscribeDataSchema = jsonObject(z.object({ channel: z.string() }));

/** `pusher:signin` data. */
export const signinDataSchema = jsonObject(z.object({ auth: z.string(), user_data: z.string() }));

/** Presence `channel_data` (a JSON string signed by the app). */
export const presenceChannelDataSchema = z.object({
  user_id: z.union([z.string().min(1), z.number()]).transform(String),
  user_info: z.unknown().optional(),
});

/** Sign-in `user_data` (a JSON string signed by the app). */
export const userDataSchema = z
  .object({
    id: z.string().min(1),
    user_info: z.unknown().optional(),
    watchlist: z.array(z.string()).optional(),
  })
  .loose();
/** Parsed sign-in user data. */
export type UserData = z.infer<typeof userDataSchema>;

/** Parses raw websocket text into a frame, or explains why it is not one. */
export function parseFrame(raw: string): { ok: true; frame: InboundFrame } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: "Invalid message: not JSON" };
  }
  const parsed = inboundFrameSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: "Invalid message: expected an object with a string 'event'" };
  return { ok: true, frame: parsed.data };
}

/**
 * Encodes an event frame. `data` strings are embedded as JSON strings (channel events,
 * and internal events whose data pusher-js parses); objects are embedded as objects.
 */
export function encodeEvent(event: string, channel?: string, data?: unknown, userId?: string): string {
  let out = `{"event":${JSON.stringify(event)}`;
  if (channel !== undefined) out += `,"channel":${JSON.stringify(channel)}`;
  if (data !== undefined) out += `,"data":${JSON.stringify(data)}`;
  if (userId !== undefined) out += `,"user_id":${JSON.stringify(userId)}`;
  return `${out}}`;
}

/** An event frame whose `data` is JSON source text already (client events relay the sender's text as is). */
export function encodeEventWithRawData(event: string, channel: string, rawData: string, userId?: string): string {
  const user = userId !== undefined ? `,"user_id":${JSON.stringify(userId)}` : "";
  return `{"event":${JSON.stringify(event)},"channel":${JSON.stringify(channel)},"data":${rawData}${user}}`;
}

/** An internal event whose `data` is a JSON-encoded string, as Pusher sends them. */
export function encodeInternal(event: string, channel: string | undefined, payload: unknown): string {
  return encodeEvent(event, channel, JSON.stringify(payload));
}

/** `pusher:error` (data is an object). */
export function encodeError(code: number | null, message: string): string {
  return encodeEvent("pusher:error", undefined, { code, message });
}
