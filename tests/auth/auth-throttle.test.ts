// The sign-in/sign-up throttle policy over rate-limiter-flexible: per-address attempts and sign-ups,
// (email, address) pairs with free failures then a doubling wait, the email's global failure limit
// that spares the account's known devices, IPv6 counted per /64, and the peek used for 429s.
import { describe, expect, it } from "vitest";
import { addressBucket, AUTH_THROTTLE_LIMITS, AuthThrottle, authThrottle, throttledMessage, type AuthThrottleLimits } from "@/lib/auth/auth-throttle";

const limits: AuthThrottleLimits = {
  perAddress: { points: 3, duration: 60 },
  signUpsPerAddress: { points: 2, duration: 3600 },
  perPair: { freeFailures: 2, firstDelay: 15, maxDelay: 60, duration: 3600 },
  perEmail: { points: 6, duration: 3600 },
};

const from = (address: string, email: string, knownDevice = false) => ({ address, email, knownDevice });

describe("AuthThrottle: per address", () => {
  it("admits `perAddress.points` attempts from one address, whatever the email, then says how long to wait", async () => {
    const throttle = new AuthThrottle(limits);
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) expect(await throttle.admit(from("10.0.0.1", email))).toEqual({ ok: true });
    const refused = await throttle.admit(from("10.0.0.1", "d@x.test"));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address has its own budget; a known device does not lift the address limit.
    expect(await throttle.admit(from("10.0.0.2", "d@x.test"))).toEqual({ ok: true });
    expect((await throttle.admit(from("10.0.0.1", "a@x.test", true))).ok).toBe(false);
  });

  it("counts IPv6 clients per /64: rotating the interface id does not escape, another /64 does not share", async () => {
    const throttle = new AuthThrottle(limits);
    for (const address of ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"]) {
      expect(await throttle.admit(from(address, "a@x.test"))).toEqual({ ok: true });
    }
    expect((await throttle.admit(from("2001:0db8:0001:0002:ffff::9", "a@x.test"))).ok).toBe(false);
    expect(await throttle.admit(from("2001:db8:1:3::1", "a@x.test"))).toEqual({ ok: true });
  });

  it("limits sign-ups per address separately from sign-ins", async () => {
    const throttle = new AuthThrottle({ ...limits, perAddress: { points: 100, duration: 60 } });
    expect(await throttle.admit(from("10.0.1.1", "n1@x.test"), "sign-up")).toEqual({ ok: true });
    expect(await throttle.admit(from("10.0.1.1", "n2@x.test"), "sign-up")).toEqual({ ok: true });
    const refused = await throttle.admit(from("10.0.1.1", "n3@x.test"), "sign-up");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(60);
    expect((await throttle.check({ address: "10.0.1.1", email: null, knownDevice: false }, "sign-up")).ok).toBe(false);
    // Sign-ins from that address, and sign-ups from another, go on.
    expect(await throttle.admit(from("10.0.1.1", "n1@x.test"), "sign-in")).toEqual({ ok: true });
    expect(await throttle.admit(from("10.0.1.2", "n3@x.test"), "sign-up")).toEqual({ ok: true });
    // The peek agrees: sign-ins from that address are not held back by its sign-ups.
    expect(await throttle.check({ address: "10.0.1.1", email: null, knownDevice: false }, "sign-in")).toEqual({ ok: true });
  });

  it("lets sign-ups through up to the limit, and a refused sign-up costs no attempt from the address", async () => {
    const throttle = new AuthThrottle({ ...limits, perAddress: { points: 4, duration: 60 } });
    expect(await throttle.admit(from("10.0.5.1", "s1@x.test"), "sign-up")).toEqual({ ok: true });
    expect(await throttle.check({ address: "10.0.5.1", email: "s2@x.test", knownDevice: false }, "sign-up")).toEqual({ ok: true });
    expect(await throttle.admit(from("10.0.5.1", "s2@x.test"), "sign-up")).toEqual({ ok: true });
    for (let i = 0; i < 3; i += 1) expect((await throttle.admit(from("10.0.5.1", `s${i + 3}@x.test`), "sign-up")).ok).toBe(false);
    // 2 of the address's 4 attempts are used: two sign-ins still go through, the next does not.
    expect(await throttle.admit(from("10.0.5.1", "s1@x.test"))).toEqual({ ok: true });
    expect(await throttle.admit(from("10.0.5.1", "s1@x.test"))).toEqual({ ok: true });
    expect((await throttle.admit(from("10.0.5.1", "s1@x.test"))).ok).toBe(false);
  });
});

describe("AuthThrottle: per (email, address) pair", () => {
  it("after the free failures the pair waits firstDelay, then twice as long after each failure, up to maxDelay", async () => {
    const throttle = new AuthThrottle(limits);
    const pair = from("10.0.2.1", "victim@x.test");
    await throttle.recordFailure(pair);
    expect(await throttle.admit(pair)).toEqual({ ok: true });
    await throttle.recordFailure(pair);
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const verdict = await throttle.check(pair);
      waits.push(verdict.ok ? 0 : verdict.retryAfterSeconds);
      await throttle.recordFailure(pair); // as if the attacker came back after the wait and failed again
    }
    expect(waits).toEqual([15, 30, 60, 60]);
  });

  it("another address can still sign in to the email: the attacker slows down only themselves", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 5; i += 1) await throttle.recordFailure(from("10.0.2.2", "victim@x.test"));
    expect((await throttle.admit(from("10.0.2.2", "victim@x.test"))).ok).toBe(false);
    expect(await throttle.admit(from("10.0.2.3", "victim@x.test"))).toEqual({ ok: true });
  });

  it("a success clears the pair", async () => {
    const throttle = new AuthThrottle(limits);
    const pair = from("10.0.2.4", "me@x.test");
    await throttle.recordFailure(pair);
    await throttle.recordFailure(pair);
    expect((await throttle.check(pair)).ok).toBe(false);
    await throttle.recordSuccess(pair);
    expect(await throttle.admit(pair)).toEqual({ ok: true });
    await throttle.recordFailure(pair);
    expect(await throttle.admit(pair)).toEqual({ ok: true });
  });
});

describe("AuthThrottle: per email, all addresses", () => {
  it("after perEmail failures from many addresses new clients wait, known devices do not, and a success does not reset it", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 6; i += 1) await throttle.recordFailure(from(`10.0.3.${i}`, "owner@x.test"));
    const stranger = await throttle.admit(from("10.0.3.99", "owner@x.test"));
    expect(stranger.ok).toBe(false);
    if (!stranger.ok) expect(stranger.retryAfterSeconds).toBeGreaterThan(60);
    expect(await throttle.admit(from("10.0.3.98", "owner@x.test", true))).toEqual({ ok: true });
    await throttle.recordSuccess(from("10.0.3.98", "owner@x.test"));
    expect((await throttle.admit(from("10.0.3.97", "owner@x.test"))).ok).toBe(false);
    // Other emails are unaffected.
    expect(await throttle.admit(from("10.0.3.99", "other@x.test"))).toEqual({ ok: true });
  });
});

describe("AuthThrottle.check", () => {
  it("says what admit() would, without consuming anything", async () => {
    const throttle = new AuthThrottle(limits);
    for (let i = 0; i < 5; i += 1) expect(await throttle.check(from("10.0.4.1", "a@x.test"))).toEqual({ ok: true });
    for (let i = 0; i < 3; i += 1) await throttle.admit(from("10.0.4.1", "a@x.test"));
    expect((await throttle.check({ address: "10.0.4.1", email: null, knownDevice: false })).ok).toBe(false);
    expect((await throttle.check({ address: "10.0.4.2", email: null, knownDevice: false })).ok).toBe(true);
    await throttle.recordFailure(from("10.0.4.2", "b@x.test"));
    await throttle.recordFailure(from("10.0.4.2", "b@x.test"));
    expect((await throttle.check(from("10.0.4.2", "b@x.test"))).ok).toBe(false);
    expect((await throttle.check(from("10.0.4.3", "b@x.test"))).ok).toBe(true);
  });

  it("words the refusal for forms and APIs", () => {
    expect(throttledMessage(42)).toBe("Too many attempts, try again in 42 s.");
  });
});

describe("the app's policy", () => {
  it("is the documented one (README, Security model)", () => {
    expect(AUTH_THROTTLE_LIMITS).toEqual({
      perAddress: { points: 30, duration: 60 },
      signUpsPerAddress: { points: 10, duration: 3600 },
      perPair: { freeFailures: 5, firstDelay: 15, maxDelay: 900, duration: 3600 },
      perEmail: { points: 100, duration: 3600 },
    });
  });
});

describe("authThrottle", () => {
  it("is one throttle for the whole process, with the app's limits", async () => {
    const throttle = authThrottle();
    expect(throttle).toBeInstanceOf(AuthThrottle);
    expect(authThrottle()).toBe(throttle);
  });
});

describe("addressBucket", () => {
  it("keeps IPv4 as is and maps IPv6 to its /64, however it is written", () => {
    expect(addressBucket("198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("2001:0DB8:0000:0000:1:2:3:4")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(addressBucket("unknown")).toBe("unknown");
    // A dotted IPv4 tail counts as two hextets, which decides where the zeros of "::" go.
    expect(addressBucket("1::2:3:4:5:1.2.3.4")).toBe("1:0:2:3::/64");
  });
});
