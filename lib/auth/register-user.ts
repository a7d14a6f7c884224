// Creates an account: argon2id hash, fresh unguessable sn, email unique, and the demo funds (DEMO_GRANT).
import "server-only";
import { db } from "@/lib/db";
import { DEMO_GRANT, grantFunds } from "@/lib/exchange/demo-funds";
import { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { generateSn } from "@/lib/auth/sn";
import { sessionUserSelect, type SessionUser } from "@/lib/auth/session-user";
import type { SignUpInput } from "@/lib/schemas/auth";

/** Outcome of a sign-up: the new user, or the one expected failure (email already registered). */
export type RegisterResult = { ok: true; user: SessionUser } | { ok: false; reason: "email-taken" };

/** Registers a user from validated sign-up input. */
export async function registerUser(input: Pick<SignUpInput, "name" | "email" | "password">): Promise<RegisterResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    // The account and its demo funds (DEMO_GRANT) commit together.
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, sn: generateSn() },
        select: sessionUserSelect,
      });
      await grantFunds(tx, created.id, DEMO_GRANT);
      return created;
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email-taken" };
    }
    throw error;
  }
}
