// Server-side session revocation for JWT sessions: every session token carries the user's
// sessionVersion (claim `sv`); a token whose version is not the row's current one is no session at
// all. Signing out increments the version, so every token issued before (copies included) dies at once.
import "server-only";
import { db } from "@/lib/db";

/** The claim of the session token that carries the user's session version. */
export const SESSION_VERSION_CLAIM = "sv";

/** True when `token` names an existing user and carries that user's current session version. */
export async function isCurrentSession(token: { sub?: unknown; [SESSION_VERSION_CLAIM]?: unknown }): Promise<boolean> {
  const userId = token.sub;
  const version = token[SESSION_VERSION_CLAIM];
  // Tokens without a version (issued before versions existed) are not trusted either.
  if (typeof userId !== "string" || userId === "" || typeof version !== "number") return false;
  const row = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return row !== null && row.sessionVersion === version;
}

/**
 * Ends every session of `userId` issued at `version`, by moving the user to the next version. Only a
 * current session can do this (compare-and-increment), so a stale token cannot sign out the sessions
 * that came after it. Returns whether the version moved.
 */
export async function revokeSessions(userId: string, version: number): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: userId, sessionVersion: version }, data: { sessionVersion: { increment: 1 } } });
  return count === 1;
}
