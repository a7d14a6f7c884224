// Reads the signed-in user in server components, server actions and route handlers.
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { getAuthOptions } from "@/lib/auth/options";
import { sessionUserSelect, type SessionUser } from "@/lib/auth/session-user";

/**
 * The signed-in user (with their sn) or null. The session JWT only names the user; the row is read
 * fresh, so a deleted account is signed out at once. Deduplicated per request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  const userId = session?.user?.id;
  if (typeof userId !== "string" || userId === "") return null;
  return db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
});
