// Throttles sign-in and sign-up (each attempt costs an argon2 computation): per client IP, every
// attempt; per email, failed attempts (a success clears them). In memory: one app process.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** How many attempts each key may make per window (seconds). */
export interface AuthThrottleLimits {
  /** Attempts from one IP (any email, sign-in and sign-up together). */
  perIp: { points: number; duration: number };
  /** Failed attempts on one email (wrong password, or sign-up of an existing account). */
  perEmail: { points: number; duration: number };
}

/** The app's limits: 30 attempts a minute per IP; 10 failures per email in 15 minutes. */
export const AUTH_THROTTLE_LIMITS: AuthThrottleLimits = {
  perIp: { points: 30, duration: 60 },
  perEmail: { points: 10, duration: 15 * 60 },
};

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

/** Per-IP and per-email attempt limits over rate-limiter-flexible's in-memory limiter. */
export class AuthThrottle {
  private readonly byIp: RateLimiterMemory;
  private readonly byEmail: RateLimiterMemory;

  constructor(private readonly limits: AuthThrottleLimits = AUTH_THROTTLE_LIMITS) {
    this.byIp = new RateLimiterMemory({ keyPrefix: "auth-ip", ...limits.perIp });
    this.byEmail = new RateLimiterMemory({ keyPrefix: "auth-email", ...limits.perEmail });
  }

  /** Would an attempt be refused now? Consumes nothing (for a 429 before the real work). */
  async check(ip: string, email: string | null): Promise<ThrottleVerdict> {
    const [byIp, byEmail] = await Promise.all([this.byIp.get(ip), email === null ? null : this.byEmail.get(email)]);
    if (byEmail !== null && byEmail.consumedPoints >= this.limits.perEmail.points) return wait(byEmail.msBeforeNext);
    if (byIp !== null && byIp.consumedPoints >= this.limits.perIp.points) return wait(byIp.msBeforeNext);
    return ALLOWED;
  }

  /** Admits one attempt (counted against the IP), unless the IP or the email is over its limit. */
  async admit(ip: string, email: string): Promise<ThrottleVerdict> {
    const byEmail = await this.byEmail.get(email);
    if (byEmail !== null && byEmail.consumedPoints >= this.limits.perEmail.points) return wait(byEmail.msBeforeNext);
    try {
      await this.byIp.consume(ip);
      return ALLOWED;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return wait(refusal.msBeforeNext);
      throw refusal;
    }
  }

  /** Counts a failed attempt on `email`. */
  async recordFailure(email: string): Promise<void> {
    await this.byEmail.penalty(email);
  }

  /** Clears `email`'s failures after a successful sign-in. */
  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}

// On globalThis: Next bundles route handlers and server actions separately, and they must share counts.
const globalForThrottle = globalThis as typeof globalThis & { __peatioAuthThrottle?: AuthThrottle };

/** The app's one AuthThrottle. */
export function authThrottle(): AuthThrottle {
  globalForThrottle.__peatioAuthThrottle ??= new AuthThrottle();
  return globalForThrottle.__peatioAuthThrottle;
}
