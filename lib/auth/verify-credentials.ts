// Checks an email and password against the users table (behind lib/auth/throttled-auth for the sign-in form and next-auth).
import "server-only";
import { db } from "@/lib/db";
import type { SignInInput } from "@/lib/schemas/auth";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { sessionUserSelect, type SessionUser } from "@/lib/auth/session-user";

/**
 * The user whose email and password match, or null; unknown emails take as long as wrong passwords.
 * `input` is already parsed with signInSchema (email normalized) by the callers' form or authorize().
 */
export async function verifyCredentials({ email, password }: SignInInput): Promise<SessionUser | null> {
  const row = await db.user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true },
  });
  if (!row) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(row.passwordHash, password))) return null;
  return { id: row.id, email: row.email, name: row.name, sn: row.sn, sessionVersion: row.sessionVersion };
}
