// Starts and ends a next-auth JWT session from a server action (sign-in / sign-up / sign-out forms).
//
// next-auth v4 has no server-side signIn(), so the forms' actions mint the very cookie its Credentials
// callback would set: the same JWE (next-auth/jwt `encode`, same secret, same claims as its jwt
// callback produces on sign-in, the session version included) under the same cookie name and flags.
// next-auth and getSessionUser read both alike.
import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/auth-secret";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { SESSION_MAX_AGE, sessionCookieName, useSecureCookies } from "@/lib/auth/options";
import type { SessionUser } from "@/lib/auth/session-user";
import { revokeSessions, SESSION_VERSION_CLAIM } from "@/lib/auth/session-version";

/** Sets the session cookie for `user` on the action's response. */
export async function startSession(user: Pick<SessionUser, "id" | "name" | "email" | "sessionVersion">): Promise<void> {
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, [SESSION_VERSION_CLAIM]: user.sessionVersion },
    secret: authSecret(),
    maxAge: SESSION_MAX_AGE,
  });
  const jar = await cookies();
  jar.set(sessionCookieName, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: useSecureCookies,
    maxAge: SESSION_MAX_AGE,
  });
}

/**
 * Signs out: ends every session of the signed-in user on the server (the version moves on, so copies of
 * the cookie stop working too), then clears the cookie. If the database cannot be reached the cookie is
 * still cleared and the failure logged.
 */
export async function endSession(): Promise<void> {
  try {
    const user = await getSessionUser();
    if (user) await revokeSessions(user.id, user.sessionVersion);
  } catch (error) {
    console.error("[sign-out] could not revoke the sessions:", error);
  }
  const jar = await cookies();
  jar.delete({ name: sessionCookieName, path: "/", secure: useSecureCookies, httpOnly: true, sameSite: "lax" });
}
