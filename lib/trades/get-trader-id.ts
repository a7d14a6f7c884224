// Seam for accounts (issue 4): who is recording a trade. The session's user (id and the sn naming
// their private channel), or null when nobody is signed in: the trade action then refuses the trade.
// Keep it the only place the trade action learns about the user.
import "server-only";
import { getSessionUser } from "@/lib/auth/get-session-user";
import type { SessionUser } from "@/lib/auth/session-user";

/** The signed-in trader, or null when nobody is signed in. */
export async function getTrader(): Promise<SessionUser | null> {
  return getSessionUser();
}

/** The signed-in trader's user id, or null when nobody is signed in. */
export async function getTraderId(): Promise<string | null> {
  return (await getTrader())?.id ?? null;
}
