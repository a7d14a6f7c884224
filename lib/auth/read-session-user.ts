// The user a session cookie names: next-auth's token decrypted with the app's secret (forged, corrupted,
// expired or foreign tokens are no session), then the user's row read fresh, a session only while the
// token carries the row's current session version (lib/auth/session-version.ts). getSessionUser reads the
// cookie of the current request and calls this.
import "server-only";
import { decode, type JWT } from "next-auth/jwt";
import { db } from "@/lib/db";
import { sessionUserSelect, type SessionUser } from "@/lib/auth/session-user";
import { SESSION_VERSION_CLAIM } from "@/lib/auth/session-version";

/** The session token in `cookieValue`, decrypted and unexpired (next-auth's own decode), or null. */
async function readSessionToken(cookieValue: string, secret: string): Promise<JWT | null> {
  try {
    return await decode({ token: cookieValue, secret });
  } catch {
    return null; // forged, corrupted, or encrypted with another secret
  }
}

/**
 * The user (with their sn) that the session cookie value `cookieValue` names, or null: no or a bad token,
 * no such user (a deleted account is signed out at once), or a token of another session version (the user
 * signed out since). A database failure throws (callers tell "could not check" from "signed out").
 */
export async function readSessionUser(cookieValue: string, secret: string): Promise<SessionUser | null> {
  const token = await readSessionToken(cookieValue, secret);
  const userId = token?.sub;
  if (typeof userId !== "string" || userId === "") return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
  if (user === null || user.sessionVersion !== token?.[SESSION_VERSION_CLAIM]) return null;
  return user;
}
