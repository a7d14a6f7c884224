// Sign-in/sign-up throttling over rate-limiter-flexible: per-IP attempts, per-email failures, a success
// clears an email's failures, and the peek used for 429s consumes nothing. Plus the client IP rule.
import { describe, expect, it } from "vitest";
import { AuthThrottle, throttledMessage } from "@/lib/auth/auth-throttle";
import { clientIp } from "@/lib/auth/client-ip";

const limits = { perIp: { points: 3, duration: 60 }, perEmail: { points: 2, duration: 900 } };

describe("AuthThrottle", () => {
  it("admits `perIp.points` attempts from one IP, whatever the email, then says how long to wait", async () => {
    const throttle = new AuthThrottle(limits);
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) expect(await throttle.admit("10.0.0.1", email)).toEqual({ ok: true });
    const refused = await throttle.admit("10.0.0.1", "d@x.test");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another IP has its own budget.
    expect(await throttle.admit("10.0.0.2", "d@x.test")).toEqual({ ok: true });
  });

  it("blocks an email after `perEmail.points` failures from any IP; a success clears them", async () => {
    const throttle = new AuthThrottle(limits);
    await throttle.recordFailure("victim@x.test");
    await throttle.recordSuccess("victim@x.test");
    await throttle.recordFailure("victim@x.test");
    expect(await throttle.admit("10.0.0.3", "victim@x.test")).toEqual({ ok: true });
    await throttle.recordFailure("victim@x.test");
    const refused = await throttle.admit("10.0.0.4", "victim@x.test");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(60);
    expect(await throttle.admit("10.0.0.4", "someone-else@x.test")).toEqual({ ok: true });
  });

  it("check() says what admit() would, without consuming anything", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 5; i += 1) expect(await throttle.check("10.0.0.5", "a@x.test")).toEqual({ ok: true });
    for (let i = 0; i < 3; i += 1) await throttle.admit("10.0.0.5", "a@x.test");
    expect((await throttle.check("10.0.0.5", null)).ok).toBe(false);
    expect((await throttle.check("10.0.0.6", null)).ok).toBe(true);
    await throttle.recordFailure("b@x.test");
    await throttle.recordFailure("b@x.test");
    expect((await throttle.check("10.0.0.6", "b@x.test")).ok).toBe(false);
  });

  it("words the refusal for forms and APIs", () => {
    expect(throttledMessage(42)).toBe("Too many attempts, try again in 42 s.");
  });
});

describe("clientIp", () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  it("takes the last X-Forwarded-For entry (the one Next or the nearest proxy set)", () => {
    expect(clientIp(headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIp(headers({ "x-real-ip": "198.51.100.8" }))).toBe("198.51.100.8");
    expect(clientIp(headers({}))).toBe("unknown");
  });
});
