// Reads the signed-in user in server components, server actions and route handlers.
import "server-only";
import { cookies } from "next/headers";
import { decode, type JWT } from "next-auth/jwt";
import { cache } from "react";
import { db } from "@/lib/db";
import { authSecret } from "@/lib/auth/auth-secret";
import { sessionCookieName } from "@/lib/auth/options";
import { sessionUserSelect, type SessionUser } from "@/lib/auth/session-user";
import { SESSION_VERSION_CLAIM } from "@/lib/auth/session-version";

/** The request's session token, decrypted and unexpired (next-auth's own decode), or null. */
async function readSessionToken(): Promise<JWT | null> {
  const value = (await cookies()).get(sessionCookieName)?.value;
  if (!value) return null;
  try {
    return await decode({ token: value, secret: authSecret() });
  } catch {
    return null; // forged, corrupted, or encrypted with another secret
  }
}

/**
 * The signed-in user (with their sn) or null. The session token only names the user and the session
 * version it was issued at; the row is read fresh, so a deleted account is signed out at once, and a
 * token of an older version (the user signed out since, lib/auth/session-version.ts) is no session.
 * A database failure throws (callers tell "could not check" from "signed out"). Deduplicated per request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const token = await readSessionToken();
  const userId = token?.sub;
  if (typeof userId !== "string" || userId === "") return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
  if (user === null || user.sessionVersion !== token?.[SESSION_VERSION_CLAIM]) return null;
  return user;
});
