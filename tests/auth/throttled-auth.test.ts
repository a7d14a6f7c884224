// Sign-in and sign-up behind the throttle, on a real SQLite file with real argon2 hashes: wrong
// passwords slow down the (email, address) pair that makes them, never the owner at another address;
// the email's global limit refuses new clients but not the account's known devices; a success clears
// the pair; a taken email on sign-up counts too; a throttled attempt never reaches the password check.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthThrottle, type AuthThrottleLimits } from "@/lib/auth/auth-throttle";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-throttled-auth-"));
process.env.DATABASE_URL = `file:${path.join(dir, "auth.db")}`;

// Imported after DATABASE_URL is set: the shared `db` client opens that file.
const { db } = await import("@/lib/db");
const { hashPassword } = await import("@/lib/auth/password");
const { attemptSignIn, attemptSignUp, refusalMessage } = await import("@/lib/auth/throttled-auth");

const PASSWORD = "correct horse battery";
const limits: AuthThrottleLimits = {
  perAddress: { points: 100, duration: 60 },
  signUpsPerAddress: { points: 100, duration: 3600 },
  perPair: { freeFailures: 3, firstDelay: 15, maxDelay: 900, duration: 3600 },
  perEmail: { points: 8, duration: 3600 },
};
const at = (address: string, knownDevice = false) => ({ address, knownDevice });

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL ?? "");
  await db.user.create({ data: { email: "carol@x.test", name: "Carol", passwordHash: await hashPassword(PASSWORD), sn: "c".repeat(32) } });
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("attemptSignIn", () => {
  it("signs in with the right password (with the user's session version) and refuses a wrong one as 'invalid'", async () => {
    const throttle = new AuthThrottle(limits);
    const ok = await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.1.0.1"), throttle);
    expect(ok.ok && ok.user.email).toBe("carol@x.test");
    expect(ok.ok && ok.user.sessionVersion).toBe(0);
    expect(await attemptSignIn({ email: "carol@x.test", password: "wrong" }, at("10.1.0.1"), throttle)).toEqual({ ok: false, reason: "invalid" });
  });

  it("after the pair's free failures even the right password waits at that address, and goes through at another", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 3; i += 1) {
      expect(await attemptSignIn({ email: "carol@x.test", password: `guess ${i}` }, at("10.2.0.1"), throttle)).toEqual({ ok: false, reason: "invalid" });
    }
    const refused = await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.2.0.1"), throttle);
    expect(refused).toMatchObject({ ok: false, reason: "throttled" });
    if (refused.ok) return;
    expect(refusalMessage(refused, "unused")).toMatch(/^Too many attempts, try again in \d+ s\.$/);
    // The owner, elsewhere, is not locked out.
    const owner = await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.2.0.2"), throttle);
    expect(owner.ok).toBe(true);
  });

  it("the email's global limit: failures spread over addresses stop new clients, not the account's known devices", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 8; i += 1) {
      expect((await attemptSignIn({ email: "carol@x.test", password: `guess ${i}` }, at(`10.3.0.${i}`), throttle)).ok).toBe(false);
    }
    expect(await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.3.1.1"), throttle)).toMatchObject({ reason: "throttled" });
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.3.1.2", true), throttle)).ok).toBe(true);
  });

  it("unknown emails are throttled exactly like known ones (no enumeration through the limiter)", async () => {
    const throttle = new AuthThrottle(limits);
    for (const email of ["carol@x.test", "nobody@x.test"]) {
      const outcomes = [];
      for (let i = 0; i < 3; i += 1) outcomes.push((await attemptSignIn({ email, password: "wrong" }, at("10.4.0.1"), throttle)).ok === false);
      const last = await attemptSignIn({ email, password: "wrong" }, at("10.4.0.1"), throttle);
      expect(outcomes).toEqual([true, true, true]);
      expect(last).toMatchObject({ reason: "throttled" });
    }
  });

  it("a success clears the pair's failures", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 2; i += 1) await attemptSignIn({ email: "carol@x.test", password: "wrong" }, at("10.5.0.1"), throttle);
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.5.0.1"), throttle)).ok).toBe(true);
    for (let i = 0; i < 2; i += 1) await attemptSignIn({ email: "carol@x.test", password: "wrong" }, at("10.5.0.1"), throttle);
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.5.0.1"), throttle)).ok).toBe(true);
  });

  it("the per-address limit covers every attempt from that address", async () => {
    const throttle = new AuthThrottle({ ...limits, perAddress: { points: 2, duration: 60 } });
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.6.0.1"), throttle)).ok).toBe(true);
    expect((await attemptSignIn({ email: "x@x.test", password: "wrong" }, at("10.6.0.1"), throttle)).ok).toBe(false);
    expect(await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.6.0.1", true), throttle)).toMatchObject({ reason: "throttled" });
  });
});

describe("attemptSignUp", () => {
  const input = (email: string) => ({ name: "Dave", email, password: "dave's password", confirmPassword: "dave's password" });

  it("creates an account; a taken email is 'invalid' and counts against that pair", async () => {
    const throttle = new AuthThrottle(limits);
    const created = await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle);
    expect(created.ok && created.user.name).toBe("Dave");
    for (let i = 0; i < 3; i += 1) expect(await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle)).toMatchObject({ reason: "throttled" });
    expect(await db.user.count({ where: { email: "dave@x.test" } })).toBe(1);
  });

  it("sign-ups per address are limited, however many emails are tried", async () => {
    const throttle = new AuthThrottle({ ...limits, signUpsPerAddress: { points: 2, duration: 3600 } });
    expect((await attemptSignUp(input("e1@x.test"), at("10.8.0.1"), throttle)).ok).toBe(true);
    expect((await attemptSignUp(input("e2@x.test"), at("10.8.0.1"), throttle)).ok).toBe(true);
    expect(await attemptSignUp(input("e3@x.test"), at("10.8.0.1"), throttle)).toMatchObject({ reason: "throttled" });
    expect(await db.user.count({ where: { email: "e3@x.test" } })).toBe(0);
  });
});
