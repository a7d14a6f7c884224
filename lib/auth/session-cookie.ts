// Starts and ends a next-auth JWT session from a server action (sign-in / sign-up / sign-out forms).
//
// next-auth v4 has no server-side signIn(), so the forms' actions mint the very cookie its Credentials
// callback would set: the same JWE (next-auth/jwt `encode`, same secret, same claims as its jwt
// callback produces on sign-in) under the same cookie name and flags. getServerSession reads both alike.
import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/auth-secret";
import { SESSION_MAX_AGE, sessionCookieName, useSecureCookies } from "@/lib/auth/options";
import type { SessionUser } from "@/lib/auth/session-user";

/** Sets the session cookie for `user` on the action's response. */
export async function startSession(user: Pick<SessionUser, "id" | "name" | "email">): Promise<void> {
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email },
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

/** Clears the session cookie (JWT sessions hold no server state to revoke). */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  jar.delete({ name: sessionCookieName, path: "/", secure: useSecureCookies, httpOnly: true, sameSite: "lax" });
}
