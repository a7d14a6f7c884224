// Decides whether the signed-in user may subscribe to a channel, and with which presence data.
import { timingSafeEqual } from "node:crypto";
import { isAllowedPresenceChannel } from "@/lib/auth/channel-names";
import type { SessionUser } from "@/lib/auth/session-user";

/** Presence member data, taken from the session only (never from the request). */
export type PresenceData = { user_id: string; user_info: { name: string } };

/** What the auth route may sign for a requested channel. */
export type ChannelAccess =
  | { allowed: true; kind: "private" }
  | { allowed: true; kind: "presence"; presenceData: PresenceData }
  | { allowed: false };

/**
 * `ownPrivateChannel` is the user's own `privateChannelFor(user)`: the only private channel they may
 * join (so the encrypted name is refused when encryption is off, and the clear one when it is on).
 * Presence channels must be on the allow-list; every other channel is refused.
 */
export function decideChannelAccess(
  user: Pick<SessionUser, "id" | "name">,
  ownPrivateChannel: string,
  requested: string,
): ChannelAccess {
  if (sameChannel(requested, ownPrivateChannel)) return { allowed: true, kind: "private" };
  if (isAllowedPresenceChannel(requested)) {
    return { allowed: true, kind: "presence", presenceData: { user_id: user.id, user_info: { name: user.name } } };
  }
  return { allowed: false };
}

/** Constant-time string equality, so comparing a requested name leaks nothing through timing. */
export function sameChannel(requested: string, own: string): boolean {
  const a = Buffer.from(requested, "utf8");
  const b = Buffer.from(own, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
