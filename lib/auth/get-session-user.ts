// Reads the signed-in user in server components, server actions and route handlers.
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { authSecret } from "@/lib/auth/auth-secret";
import { sessionCookieName } from "@/lib/auth/options";
import { readSessionUser } from "@/lib/auth/read-session-user";
import type { SessionUser } from "@/lib/auth/session-user";

/**
 * The signed-in user (with their sn) or null, from the request's session cookie (lib/auth/read-session-user.ts:
 * the token only names the user and its session version; the row is read fresh). A database failure
 * throws. Deduplicated per request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const value = (await cookies()).get(sessionCookieName)?.value;
  return value ? readSessionUser(value, authSecret()) : null;
});
