// Sign-in and sign-up behind the throttle, on a real SQLite file with real argon2 hashes: wrong
// passwords slow down the (email, address) pair that makes them, never the owner at another address;
// the email's global limit refuses new clients but not the account's known devices; a success clears
// the pair; a taken email on sign-up counts too; a throttled attempt never reaches the password check.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthThrottle, type AuthThrottleLimits } from "@/lib/auth/auth-throttle";
import type { ConcurrencyGate } from "@/lib/auth/concurrency-gate";
import { createMigratedDatabase } from "@/tests/support/migrated-database";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-throttled-auth-"));
const file = path.join(dir, "auth.db");
process.env.DATABASE_URL = `file:${file}`;

// Imported after DATABASE_URL is set: the shared `db` client opens that file.
const { db } = await import("@/lib/db");
const { hashPassword, HASH_CONCURRENCY, HASH_QUEUE_LIMIT } = await import("@/lib/auth/password");
const { attemptSignIn, attemptSignUp, BUSY_MESSAGE, refusalMessage } = await import("@/lib/auth/throttled-auth");

const PASSWORD = "correct horse battery";
const limits: AuthThrottleLimits = {
  perAddress: { points: 100, duration: 60 },
  signUpsPerAddress: { points: 100, duration: 3600 },
  perPair: { freeFailures: 3, firstDelay: 15, maxDelay: 900, duration: 3600 },
  perEmail: { points: 8, duration: 3600 },
};
const at = (address: string, knownDevice = false) => ({ address, knownDevice });

beforeAll(async () => {
  await createMigratedDatabase(file);
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

const input = (email: string) => ({ name: "Dave", email, password: "dave's password", confirmPassword: "dave's password" });

describe("attemptSignUp", () => {
  it("creates an account; a taken email is 'invalid' and counts against that pair", async () => {
    const throttle = new AuthThrottle(limits);
    const created = await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle);
    expect(created.ok && created.user.name).toBe("Dave");
    for (let i = 0; i < 3; i += 1) expect(await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptSignUp(input("dave@x.test"), at("10.7.0.1"), throttle)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: expect.any(Number) });
    expect(await db.user.count({ where: { email: "dave@x.test" } })).toBe(1);
    // Those failures count against that email at that address only.
    expect((await attemptSignUp(input("dave2@x.test"), at("10.7.0.2"), throttle)).ok).toBe(true);
  });

  it("sign-ups per address are limited, however many emails are tried", async () => {
    const throttle = new AuthThrottle({ ...limits, signUpsPerAddress: { points: 2, duration: 3600 } });
    expect((await attemptSignUp(input("e1@x.test"), at("10.8.0.1"), throttle)).ok).toBe(true);
    expect((await attemptSignUp(input("e2@x.test"), at("10.8.0.1"), throttle)).ok).toBe(true);
    expect(await attemptSignUp(input("e3@x.test"), at("10.8.0.1"), throttle)).toMatchObject({ reason: "throttled" });
    expect(await db.user.count({ where: { email: "e3@x.test" } })).toBe(0);
  });
});

describe("a full password hashing queue", () => {
  it("answers busy to sign-in and sign-up without counting a failure, and says so", async () => {
    const gate = (globalThis as typeof globalThis & { __peatioHashGate?: ConcurrencyGate }).__peatioHashGate;
    if (!gate) throw new Error("no hashing gate");
    const throttle = new AuthThrottle({ ...limits, perPair: { ...limits.perPair, freeFailures: 1 } });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Every slot and every queue place taken by checks that wait for `held`.
    const holders = Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE_LIMIT }, () => gate.run(() => held));
    try {
      for (let i = 0; i < 2; i += 1) expect(await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.9.0.1"), throttle)).toEqual({ ok: false, reason: "busy" });
      expect(await attemptSignUp(input("busy@x.test"), at("10.9.0.1"), throttle)).toEqual({ ok: false, reason: "busy" });
    } finally {
      release();
      await Promise.all(holders);
    }
    expect(await db.user.count({ where: { email: "busy@x.test" } })).toBe(0);
    // No failure was counted for the pair (one more would make it wait): the right password signs in.
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.9.0.1"), throttle)).ok).toBe(true);
  });
});

describe("a database failure", () => {
  it("is an error, not a busy server or a wrong password, and counts no failure", async () => {
    const throttle = new AuthThrottle({ ...limits, perPair: { ...limits.perPair, freeFailures: 1 } });
    await db.$executeRawUnsafe('ALTER TABLE "User" RENAME TO "UserAway"');
    try {
      await expect(attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.10.0.1"), throttle)).rejects.toThrow();
      await expect(attemptSignUp(input("down@x.test"), at("10.10.0.1"), throttle)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE "UserAway" RENAME TO "User"');
    }
    expect((await attemptSignIn({ email: "carol@x.test", password: PASSWORD }, at("10.10.0.1"), throttle)).ok).toBe(true);
  });
});

describe("refusalMessage", () => {
  it("words each refusal: the wait, a busy server, or the caller's own words for bad credentials", () => {
    expect(refusalMessage({ ok: false, reason: "throttled", retryAfterSeconds: 30 }, "Wrong email or password.")).toBe("Too many attempts, try again in 30 s.");
    expect(refusalMessage({ ok: false, reason: "busy" }, "Wrong email or password.")).toBe("The server is busy, try again in a few seconds.");
    expect(BUSY_MESSAGE).toBe("The server is busy, try again in a few seconds.");
    expect(refusalMessage({ ok: false, reason: "invalid" }, "Wrong email or password.")).toBe("Wrong email or password.");
  });
});
