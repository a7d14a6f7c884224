// next-auth configuration: Credentials provider over the users table, JWT sessions, our own sign-in page.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/auth/auth-secret";
import { clientIp } from "@/lib/auth/client-ip";
import { attemptSignIn, refusalMessage } from "@/lib/auth/throttled-auth";
import { signInSchema } from "@/lib/schemas/auth";

/** How long a session lasts without activity (seconds). */
export const SESSION_MAX_AGE = 7 * 24 * 60 * 60;

/** True when cookies carry the __Secure- prefix and Secure flag (the app is served over https). */
export const useSecureCookies = env.NEXTAUTH_URL?.startsWith("https://") ?? false;

/** Name of next-auth's session cookie under this configuration. */
export const sessionCookieName = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;

let cachedOptions: NextAuthOptions | undefined;

/**
 * The one next-auth configuration, shared by the route handler and getServerSession. Built on first
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
          const ip = clientIp({ get: (name) => (typeof headers[name] === "string" ? headers[name] : null) });
          const attempt = await attemptSignIn(parsed.data, ip);
          if (attempt.ok) return { id: attempt.user.id, name: attempt.user.name, email: attempt.user.email };
          if (attempt.reason === "invalid") return null;
          throw new Error(refusalMessage(attempt, ""));
        },
      }),
    ],
    callbacks: {
      // Exposes the user id to getServerSession; name and email come from the token already.
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
