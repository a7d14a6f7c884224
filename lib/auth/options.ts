// next-auth configuration: Credentials provider over the users table, JWT sessions, our own sign-in page.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret } from "@/lib/auth/auth-secret";
import { clientIp } from "@/lib/auth/client-ip";
import { isKnownDevice, rememberDevice } from "@/lib/auth/device-cookie";
import { useSecureCookies } from "@/lib/auth/secure-cookies";
import { isCurrentSession, revokeSessions, SESSION_VERSION_CLAIM } from "@/lib/auth/session-version";
import { attemptSignIn, refusalMessage } from "@/lib/auth/throttled-auth";
import { signInSchema } from "@/lib/schemas/auth";

/** How long a session lasts without activity (seconds). */
export const SESSION_MAX_AGE = 7 * 24 * 60 * 60;

export { useSecureCookies };

/** Name of next-auth's session cookie under this configuration. */
export const sessionCookieName = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;

let cachedOptions: NextAuthOptions | undefined;

/**
 * The one next-auth configuration, used by the /api/auth route handler. Built on first
 * use, not at import, so `next build` (which loads route modules) needs no secret.
 */
export function getAuthOptions(): NextAuthOptions {
  cachedOptions ??= buildAuthOptions(authSecret());
  return cachedOptions;
}

function buildAuthOptions(secret: string): NextAuthOptions {
  return {
    secret,
    useSecureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        // Returns only what the JWT needs (id, name, email); the sn stays in the database. Throttled like
        // the sign-in form; the route answers 429 before getting here when the limit is already reached.
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const headers = req.headers ?? {};
          const address = clientIp({ get: (name) => (typeof headers[name] === "string" ? headers[name] : null) });
          const attempt = await attemptSignIn(parsed.data, { address, knownDevice: await isKnownDevice(parsed.data.email) });
          if (attempt.ok) {
            await rememberDevice(attempt.user.email);
            return { id: attempt.user.id, name: attempt.user.name, email: attempt.user.email, sessionVersion: attempt.user.sessionVersion };
          }
          if (attempt.reason === "invalid") return null;
          throw new Error(refusalMessage(attempt, ""));
        },
      }),
    ],
    callbacks: {
      // On sign-in the token takes the user's session version. On every read through next-auth afterwards
      // (its /api/auth/session) the version is checked against the database: a revoked token becomes an
      // empty one, which reads as signed out. The app's own pages, routes and actions read the session
      // through getSessionUser, which checks the same version on the row it reads.
      async jwt({ token, user }) {
        if (user) return { ...token, [SESSION_VERSION_CLAIM]: user.sessionVersion };
        return (await isCurrentSession(token)) ? token : {};
      },
      // Exposes the user id in next-auth's session answer; name and email come from the token. No user
      // (an empty session) for a revoked token.
      session({ session, token }) {
        if (!token.sub) return { expires: session.expires };
        if (session.user) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // next-auth's own sign-out (POST /api/auth/signout) revokes like the user menu does. The token is
      // the decrypted cookie; only a current one moves the version (see revokeSessions).
      async signOut({ token }) {
        const version = token[SESSION_VERSION_CLAIM];
        if (typeof token.sub === "string" && typeof version === "number") await revokeSessions(token.sub, version);
      },
    },
  };
}
