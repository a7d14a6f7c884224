// Throttles sign-in and sign-up (each attempt costs an argon2 computation) so that guessing passwords
// stays slow without letting anyone lock an account's owner out. In memory: one app process.
//
// The policy (README, "Security model"):
//   - per address: 30 attempts a minute, sign-in and sign-up together, and 10 sign-ups an hour (cheap
//     throwaway accounts);
//   - per (email, address) pair: 5 wrong passwords free, then a wait after each further failure that
//     starts at 15 s and doubles up to 15 minutes; a success clears the pair. An attacker at one address
//     slows down only themselves;
//   - per email, from all addresses together: 100 failures an hour, after which clients that never
//     signed in to that account wait for the hour to end. Browsers and clients that did (they carry the
//     account's device cookie, lib/auth/device-cookie.ts) are exempt, so a distributed attack cannot
//     lock the owner out of the devices they use.
// Addresses are the client address the app server entry decided (lib/http/client-address-header.ts);
// IPv6 addresses count per /64, the block one subscriber usually holds.
import { isIP } from "node:net";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** A fixed-window limit: `points` per `duration` seconds. */
export interface WindowLimit {
  points: number;
  duration: number;
}

/** The throttle's limits. */
export interface AuthThrottleLimits {
  /** Attempts from one address (any email, sign-in and sign-up together). */
  perAddress: WindowLimit;
  /** Sign-up attempts from one address. */
  signUpsPerAddress: WindowLimit;
  /** Failures on one email from one address: free ones, then a doubling wait (seconds), counted over `duration`. */
  perPair: { freeFailures: number; firstDelay: number; maxDelay: number; duration: number };
  /** Failures on one email from all addresses together; not applied to the account's known devices. */
  perEmail: WindowLimit;
}

/** The app's limits (see the header comment for why). */
export const AUTH_THROTTLE_LIMITS: AuthThrottleLimits = {
  perAddress: { points: 30, duration: 60 },
  signUpsPerAddress: { points: 10, duration: 60 * 60 },
  perPair: { freeFailures: 5, firstDelay: 15, maxDelay: 15 * 60, duration: 60 * 60 },
  perEmail: { points: 100, duration: 60 * 60 },
};

/** Who is attempting: the client address, the email tried, and whether the client is a known device of that email. */
export interface AuthAttemptSource {
  address: string;
  email: string;
  /** True when the request carries this email's device cookie (it signed in to the account before). */
  knownDevice: boolean;
}

/** Sign-in or sign-up: sign-ups also count against the per-address sign-up limit. */
export type AuthAttemptKind = "sign-in" | "sign-up";

/** Whether an attempt may go ahead, or how long to wait. */
export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

const ALLOWED: ThrottleVerdict = { ok: true };

function wait(msBeforeNext: number): ThrottleVerdict {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

/** The form / API message for a throttled attempt. */
export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many attempts, try again in ${retryAfterSeconds} s.`;
}

/** The key an address is counted under: IPv4 as is, IPv6 by its /64 prefix. */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

/** The eight hextets of an IPv6 address (an embedded dotted IPv4 tail becomes two). */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((part) => part.replace(/^0+(?=.)/, ""));
}

/** The policy above over rate-limiter-flexible's in-memory limiters. */
export class AuthThrottle {
  private readonly byAddress: RateLimiterMemory;
  private readonly signUpsByAddress: RateLimiterMemory;
  private readonly pairFailures: RateLimiterMemory;
  private readonly pairWait: RateLimiterMemory;
  private readonly emailFailures: RateLimiterMemory;

  constructor(private readonly limits: AuthThrottleLimits = AUTH_THROTTLE_LIMITS) {
    this.byAddress = new RateLimiterMemory({ keyPrefix: "auth-address", ...limits.perAddress });
    this.signUpsByAddress = new RateLimiterMemory({ keyPrefix: "auth-sign-up", ...limits.signUpsPerAddress });
    // Counts only (penalty never refuses): the wait itself lives in pairWait.
    this.pairFailures = new RateLimiterMemory({ keyPrefix: "auth-pair", points: Number.MAX_SAFE_INTEGER, duration: limits.perPair.duration });
    this.pairWait = new RateLimiterMemory({ keyPrefix: "auth-pair-wait", points: 1, duration: limits.perPair.maxDelay });
    this.emailFailures = new RateLimiterMemory({ keyPrefix: "auth-email", ...limits.perEmail });
  }

  /**
   * Would an attempt be refused now? Consumes nothing (for a 429 before the real work). `source.email`
   * null: only the address is known (an unreadable request).
   */
  async check(source: Omit<AuthAttemptSource, "email"> & { email: string | null }, kind: AuthAttemptKind = "sign-in"): Promise<ThrottleVerdict> {
    const address = addressBucket(source.address);
    const [byAddress, signUps] = await Promise.all([this.byAddress.get(address), kind === "sign-up" ? this.signUpsByAddress.get(address) : null]);
    if (byAddress !== null && byAddress.consumedPoints >= this.limits.perAddress.points) return wait(byAddress.msBeforeNext);
    if (signUps !== null && signUps.consumedPoints >= this.limits.signUpsPerAddress.points) return wait(signUps.msBeforeNext);
    if (source.email === null) return ALLOWED;
    return this.checkEmail({ ...source, email: source.email });
  }

  /** Admits one attempt (counted against the address), unless the address, the pair or the email must wait. */
  async admit(source: AuthAttemptSource, kind: AuthAttemptKind = "sign-in"): Promise<ThrottleVerdict> {
    const emailVerdict = await this.checkEmail(source);
    if (!emailVerdict.ok) return emailVerdict;
    const address = addressBucket(source.address);
    try {
      if (kind === "sign-up") {
        const signUps = await this.signUpsByAddress.get(address);
        if (signUps !== null && signUps.consumedPoints >= this.limits.signUpsPerAddress.points) return wait(signUps.msBeforeNext);
      }
      await this.byAddress.consume(address);
      if (kind === "sign-up") await this.signUpsByAddress.consume(address);
      return ALLOWED;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return wait(refusal.msBeforeNext);
      throw refusal;
    }
  }

  /** Counts a failed attempt (wrong password, unknown email, taken email on sign-up) on the pair and the email. */
  async recordFailure(source: Pick<AuthAttemptSource, "address" | "email">): Promise<void> {
    const pair = pairKey(source);
    const { freeFailures, firstDelay, maxDelay } = this.limits.perPair;
    const counted = await this.pairFailures.penalty(pair);
    const beyondFree = counted.consumedPoints - freeFailures;
    if (beyondFree >= 0) await this.pairWait.block(pair, Math.min(maxDelay, firstDelay * 2 ** beyondFree));
    await this.emailFailures.penalty(source.email);
  }

  /** Clears the pair's failures after a successful sign-in (the email's global count stays: the attack may go on). */
  async recordSuccess(source: Pick<AuthAttemptSource, "address" | "email">): Promise<void> {
    const pair = pairKey(source);
    await Promise.all([this.pairFailures.delete(pair), this.pairWait.delete(pair)]);
  }

  private async checkEmail(source: AuthAttemptSource): Promise<ThrottleVerdict> {
    const [pairWait, email] = await Promise.all([this.pairWait.get(pairKey(source)), source.knownDevice ? null : this.emailFailures.get(source.email)]);
    if (pairWait !== null && pairWait.consumedPoints > 1) return wait(pairWait.msBeforeNext);
    if (email !== null && email.consumedPoints >= this.limits.perEmail.points) return wait(email.msBeforeNext);
    return ALLOWED;
  }
}

function pairKey(source: Pick<AuthAttemptSource, "address" | "email">): string {
  return `${addressBucket(source.address)} ${source.email}`;
}

// On globalThis: Next bundles route handlers and server actions separately, and they must share counts.
const globalForThrottle = globalThis as typeof globalThis & { __peatioAuthThrottle?: AuthThrottle };

/** The app's one AuthThrottle. */
export function authThrottle(): AuthThrottle {
  globalForThrottle.__peatioAuthThrottle ??= new AuthThrottle();
  return globalForThrottle.__peatioAuthThrottle;
}
