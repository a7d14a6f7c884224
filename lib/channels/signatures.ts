// HMAC signatures exactly as pusher-http-node builds them, checked in constant time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Hex HMAC-SHA256 of `data` with the app secret (pusher `Token.sign`). */
export function signHex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(Buffer.from(data)).digest("hex");
}

/** Hex MD5 of a raw body, as the SDK's `body_md5`. */
export function md5Hex(body: Buffer | string): string {
  return createHash("md5").update(body).digest("hex");
}

/** Constant-time string equality (length is not secret: a hex digest is always 64 chars). */
export function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Checks a websocket `auth` value `<key>:<hex>` against the string the SDK signs. */
export function verifySocketAuth(app: { key: string; secret: string }, auth: string | undefined, signed: string): boolean {
  if (typeof auth !== "string") return false;
  const colon = auth.indexOf(":");
  if (colon < 0) return false;
  const keyOk = safeEqual(app.key, auth.slice(0, colon));
  const sigOk = safeEqual(signHex(app.secret, signed), auth.slice(colon + 1));
  return keyOk && sigOk;
}

/** The string signed for private/encrypted channels and, with channel_data, presence channels. */
export function channelSignedString(socketId: string, channel: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
}

/** The string signed for user sign-in (`pusher:signin`). */
export function userSignedString(socketId: string, userData: string): string {
  return `${socketId}::user::${userData}`;
}
