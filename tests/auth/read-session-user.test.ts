// Who a session cookie names, on a real SQLite file with real next-auth tokens (the JWE its Credentials
// sign-in sets): only a token decrypted with the app's secret, unexpired, naming an existing user and
// carrying that user's current session version is a session; signing out (a version step) ends every
// token issued before, and the user comes back read fresh from the row, without the password hash.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode, type JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedDatabase } from "@/tests/support/migrated-database";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-read-session-user-"));
const file = path.join(dir, "sessions.db");
process.env.DATABASE_URL = `file:${file}`;
// Imported after DATABASE_URL is set: the shared `db` client opens that file.
const { db } = await import("@/lib/db");
const { readSessionUser } = await import("@/lib/auth/read-session-user");
const { revokeSessions } = await import("@/lib/auth/session-version");

const SECRET = "read-session-user-test-secret";
const token = (claims: JWT, options: { secret?: string; maxAge?: number } = {}) => encode({ token: claims, secret: options.secret ?? SECRET, maxAge: options.maxAge ?? 3600 });

let user = { id: "", email: "fern@x.test", name: "Fern", sn: "f".repeat(32), sessionVersion: 0 };
beforeAll(async () => {
  await createMigratedDatabase(file);
  const row = await db.user.create({ data: { email: user.email, name: user.name, passwordHash: "not-a-hash", sn: user.sn } });
  user = { ...user, id: row.id };
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("readSessionUser", () => {
  it("names the user of a current token, read fresh from the row", async () => {
    expect(await readSessionUser(await token({ sub: user.id, name: "Old name", email: "old@x.test", sv: 0 }), SECRET)).toEqual(user);
  });

  it("is no session for a token that is not one of ours, is expired, or is not a token", async () => {
    for (const value of ["", "garbage", "a.b.c.d.e", await token({ sub: user.id, sv: 0 }, { secret: "another-secret" }), await token({ sub: user.id, sv: 0 }, { maxAge: -3600 })]) {
      expect(await readSessionUser(value, SECRET)).toBeNull();
    }
  });

  it("is no session without a user id, for an unknown user, or without the user's current version", async () => {
    for (const claims of [{ sv: 0 }, { sub: "", sv: 0 }, { sub: "no-such-user", sv: 0 }, { sub: user.id }, { sub: user.id, sv: 1 }, { sub: user.id, sv: "0" }, { sub: user.id, sv: null }]) {
      expect(await readSessionUser(await token(claims), SECRET), JSON.stringify(claims)).toBeNull();
    }
  });

  it("ends every token of a version when the user signs out; tokens of the next version are sessions", async () => {
    const before = await token({ sub: user.id, sv: 0 });
    expect(await revokeSessions(user.id, 0)).toBe(true);
    expect(await readSessionUser(before, SECRET)).toBeNull();
    expect(await readSessionUser(await token({ sub: user.id, sv: 1 }), SECRET)).toEqual({ ...user, sessionVersion: 1 });
  });
});
