// Demo accounts for `npm start`: alice and bob, with a documented password. Idempotent.
import { createHash } from "node:crypto";
import type { DbClient } from "@/lib/db-client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { generateSn } from "@/lib/auth/sn";
import { SEEDED_OPERATOR } from "@/lib/console/seeded-operator";

/** The password of every demo user (documented in the README and printed by `npm start`). */
export const DEMO_PASSWORD = "demo-password";

/** The demo users seeded on every start. */
export const DEMO_USERS = [
  { email: "alice@example.com", name: "Alice" },
  { email: "bob@example.com", name: "Bob" },
] as const;

/**
 * Creates the demo users that are missing and resets a demo user's password to DEMO_PASSWORD if it was
 * changed; never touches an existing sn (it names a live private channel). The seeded operator (OPERATOR_EMAILS
 * under `npm start`) is created the same way. Returns the seeded emails.
 *
 * argon2 (tens of ms of CPU each, seconds on a loaded machine) runs only for a hash the seed has not seen:
 * the DemoPasswordCheck digest of the demo password and the stored hash says this exact hash was verified or
 * written for DEMO_PASSWORD before, and verifying it again would give the same answer.
 */
export async function seedUsers(client: DbClient): Promise<string[]> {
  for (const demo of [...DEMO_USERS, SEEDED_OPERATOR]) {
    const [existing, checked] = await Promise.all([
      client.user.findUnique({ where: { email: demo.email }, select: { id: true, passwordHash: true } }),
      client.demoPasswordCheck.findUnique({ where: { email: demo.email }, select: { digest: true } }),
    ]);
    let passwordHash: string;
    if (!existing) {
      passwordHash = await hashPassword(DEMO_PASSWORD);
      await client.user.create({ data: { ...demo, passwordHash, sn: generateSn() }, select: { id: true } });
    } else if (checked?.digest === demoPasswordDigest(existing.passwordHash)) {
      continue;
    } else if (await verifyPassword(existing.passwordHash, DEMO_PASSWORD)) {
      passwordHash = existing.passwordHash;
    } else {
      passwordHash = await hashPassword(DEMO_PASSWORD);
      await client.user.update({ where: { id: existing.id }, data: { passwordHash }, select: { id: true } });
    }
    const digest = demoPasswordDigest(passwordHash);
    await client.demoPasswordCheck.upsert({ where: { email: demo.email }, create: { email: demo.email, digest }, update: { digest }, select: { email: true } });
  }
  return [...DEMO_USERS, SEEDED_OPERATOR].map((demo) => demo.email);
}

/** SHA-256 (hex) of DEMO_PASSWORD and `passwordHash`: changes when either does. */
function demoPasswordDigest(passwordHash: string): string {
  return createHash("sha256").update(DEMO_PASSWORD).update("\0").update(passwordHash).digest("hex");
}

/** One line telling how to sign in with the demo users, for `npm start`'s banner. */
export function demoSignInHint(appUrl: string): string {
  const emails = DEMO_USERS.map((demo) => demo.email).join(" or ");
  return `Sign in at ${appUrl}/sign-in as ${emails} (password: ${DEMO_PASSWORD}); the debug console ${appUrl}/console: ${SEEDED_OPERATOR.email}, same password`;
}
