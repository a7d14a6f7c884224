// Channels webhooks: the signature check (HMAC-SHA256 of the raw body with the app secret, compared in
// constant time) and the compact log line of each event.
import { createHmac, timingSafeEqual } from "node:crypto";
import { isPrivateUserChannel } from "@/lib/auth/channel-names";
import type { WebhookEvent } from "@/lib/schemas/webhook";

/** The headers Pusher signs a webhook with, and its raw body. */
export interface SignedWebhook {
  key: string | null;
  signature: string | null;
  body: Buffer;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Constant-time equality of two strings (false at once when the lengths differ). */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * True when `webhook` carries the app's key and X-Pusher-Signature is the hex HMAC-SHA256 of the exact
 * body bytes under the app's secret. The pusher SDK's own WebHook check compares with a hand-written
 * loop; this uses crypto.timingSafeEqual on the digests instead.
 */
export function isValidWebhookSignature(webhook: SignedWebhook, app: { key: string; secret: string }): boolean {
  if (!webhook.key || !webhook.signature || !app.key || !app.secret) return false;
  if (!sameText(webhook.key, app.key) || !HEX_SHA256.test(webhook.signature)) return false;
  const expected = createHmac("sha256", app.secret).update(webhook.body).digest();
  return timingSafeEqual(expected, Buffer.from(webhook.signature, "hex"));
}

/** A private user channel's name is its owner's secret sn: logs show only the prefix. */
function loggableChannel(channel: string): string {
  if (!isPrivateUserChannel(channel)) return channel;
  return `${channel.slice(0, channel.lastIndexOf("-") + 1)}…`;
}

/** One compact log line for `event`, e.g. "member_added presence-market user=42". */
export function describeWebhookEvent(event: WebhookEvent): string {
  const parts = [event.name, loggableChannel(event.channel)];
  if (event.user_id !== undefined) parts.push(`user=${event.user_id}`);
  if (event.event !== undefined) parts.push(`event=${event.event}`);
  if (event.subscription_count !== undefined) parts.push(`count=${event.subscription_count}`);
  return parts.join(" ");
}
