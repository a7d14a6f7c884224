// Demo users: created once with an argon2 hash and an unguessable sn; re-seeding keeps the sn, and on a
// seeded database computes no argon2 at all unless a stored hash changed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/db";
import type { ConcurrencyGate } from "@/lib/auth/concurrency-gate";
import { HASH_CONCURRENCY, HASH_QUEUE_LIMIT, hashPassword, PasswordHashingBusyError, verifyPassword } from "@/lib/auth/password";
import { isSn } from "@/lib/auth/sn";
import { DEMO_PASSWORD, demoSignInHint, seedUsers } from "@/lib/seed/seed-users";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-seed-users-"));
const databaseUrl = `file:${path.join(dir, "users.db")}`;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Fills the process's password-hashing gate (lib/auth/password.ts: every argon2 hash and verify passes it):
 * while it is held, any hash or verification fails at once with PasswordHashingBusyError. Returns the release.
 */
function holdPasswordHashing(): () => Promise<void> {
  const gate = (globalThis as typeof globalThis & { __peatioHashGate?: ConcurrencyGate }).__peatioHashGate;
  if (!gate) throw new Error("lib/auth/password.ts did not make its gate");
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const holders = Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE_LIMIT }, () => gate.run(() => held));
  return async () => {
    release();
    await Promise.all(holders);
  };
}

describe("seedUsers", () => {
  it("creates alice, bob and the operator with the demo password and distinct unguessable sns, idempotently", async () => {
    const client = createDbClient(databaseUrl);
    try {
      expect(await seedUsers(client)).toEqual(["alice@example.com", "bob@example.com", "operator@example.com"]);
      const first = await client.user.findMany({ orderBy: { email: "asc" }, omit: { passwordHash: false } });
      expect(first.map((user) => [user.email, user.name])).toEqual([
        ["alice@example.com", "Alice"],
        ["bob@example.com", "Bob"],
        ["operator@example.com", "Operator"],
      ]);
      for (const user of first) {
        expect(isSn(user.sn)).toBe(true);
        expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
      }
      expect(first[0]?.sn).not.toBe(first[1]?.sn);

      // A changed password is reset; the sn (a live channel name) and the hash of the untouched user stay.
      await client.user.update({ where: { email: "bob@example.com" }, data: { passwordHash: "changed" } });
      await seedUsers(client);
      const second = await client.user.findMany({ orderBy: { email: "asc" }, omit: { passwordHash: false } });
      expect(second.map((user) => user.sn)).toEqual(first.map((user) => user.sn));
      expect(second[0]?.passwordHash).toBe(first[0]?.passwordHash);
      expect(await verifyPassword(second[1]?.passwordHash ?? "", DEMO_PASSWORD)).toBe(true);
      // alice, bob and the operator (lib/console/seeded-operator.ts).
      expect(await client.user.count()).toBe(3);
    } finally {
      await client.$disconnect();
    }
  });

  it("a start on a seeded database computes no argon2 for unchanged hashes, and still resets one that changed", async () => {
    const client = createDbClient(databaseUrl);
    try {
      await seedUsers(client);
      const before = await client.user.findMany({ orderBy: { email: "asc" }, omit: { passwordHash: false } });

      // Nothing changed: seeding again needs no hashing (it would fail with the gate full) and keeps every hash.
      let release = holdPasswordHashing();
      try {
        await expect(seedUsers(client)).resolves.toHaveLength(3);
        // (the gate really is full: a verification fails at once)
        await expect(verifyPassword(before[0]?.passwordHash ?? "", DEMO_PASSWORD)).rejects.toBeInstanceOf(PasswordHashingBusyError);
      } finally {
        await release();
      }
      const after = await client.user.findMany({ orderBy: { email: "asc" }, omit: { passwordHash: false } });
      expect(after.map((user) => [user.email, user.passwordHash])).toEqual(before.map((user) => [user.email, user.passwordHash]));

      // bob's hash now verifies another password: the next seed must look at it (fails while hashing is held),
      // then resets it; alice's unchanged hash is still not recomputed.
      await client.user.update({ where: { email: "bob@example.com" }, data: { passwordHash: await hashPassword("another-password") } });
      release = holdPasswordHashing();
      try {
        await expect(seedUsers(client)).rejects.toBeInstanceOf(PasswordHashingBusyError);
      } finally {
        await release();
      }
      await seedUsers(client);
      const reset = await client.user.findMany({ orderBy: { email: "asc" }, omit: { passwordHash: false } });
      expect(await verifyPassword(reset[1]?.passwordHash ?? "", DEMO_PASSWORD)).toBe(true);
      expect(reset[0]?.passwordHash).toBe(before[0]?.passwordHash);
      release = holdPasswordHashing();
      try {
        await expect(seedUsers(client)).resolves.toHaveLength(3);
      } finally {
        await release();
      }
    } finally {
      await client.$disconnect();
    }
  });

  it("prints a sign-in hint naming both users and the password", () => {
    const hint = demoSignInHint("http://localhost:3000");
    expect(hint).toContain("http://localhost:3000/sign-in");
    expect(hint).toContain("alice@example.com");
    expect(hint).toContain("bob@example.com");
    expect(hint).toContain(DEMO_PASSWORD);
  });
});
