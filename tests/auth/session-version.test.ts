// Server-side session revocation on a real SQLite file: a token is current only with the user's
// current session version; revoking moves the version (ending every token issued before), and only a
// current token's version can be moved (a stale copy cannot sign the newer sessions out).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedDatabase } from "@/tests/support/migrated-database";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-session-version-"));
const file = path.join(dir, "sessions.db");
process.env.DATABASE_URL = `file:${file}`;
const { db } = await import("@/lib/db");
const { isCurrentSession, revokeSessions } = await import("@/lib/auth/session-version");

let userId = "";
beforeAll(async () => {
  await createMigratedDatabase(file);
  ({ id: userId } = await db.user.create({ data: { email: "erin@x.test", name: "Erin", passwordHash: "x", sn: "e".repeat(32) } }));
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("session versions", () => {
  it("new users start at version 0; only a token with the current version is a session", async () => {
    expect(await isCurrentSession({ sub: userId, sv: 0 })).toBe(true);
    expect(await isCurrentSession({ sub: userId, sv: 1 })).toBe(false);
    expect(await isCurrentSession({ sub: userId })).toBe(false);
    expect(await isCurrentSession({ sub: userId, sv: "0" })).toBe(false);
    expect(await isCurrentSession({ sub: "no-such-user", sv: 0 })).toBe(false);
    expect(await isCurrentSession({ sv: 0 })).toBe(false);
  });

  it("revoking ends every token of the old version; a stale version cannot revoke the new one", async () => {
    expect(await revokeSessions(userId, 0)).toBe(true);
    expect(await isCurrentSession({ sub: userId, sv: 0 })).toBe(false);
    expect(await isCurrentSession({ sub: userId, sv: 1 })).toBe(true);
    expect(await revokeSessions(userId, 0)).toBe(false);
    expect(await isCurrentSession({ sub: userId, sv: 1 })).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(1);
  });
});
