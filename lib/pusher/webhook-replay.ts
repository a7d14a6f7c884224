// Stale and replayed webhook deliveries: a well-signed body is accepted only while its signed `time_ms` is
// recent, and only once. Pusher (and our Channels server) retry a failed delivery with the same body for up
// to 5 minutes, so the window is that plus a minute of clock skew; a body seen within it is a replay.

/** How far a delivery's `time_ms` may be from the app's clock, either way. */
export const WEBHOOK_MAX_AGE_MS = 6 * 60_000;

/** Accepted, or refused with the HTTP status to answer and why. */
export type DeliveryVerdict = { ok: true } | { ok: false; status: 401 | 409; message: string };

/** What the guard needs: the window, how many deliveries it remembers at most, and the clock. */
export interface ReplayGuardOptions {
  maxAgeMs: number;
  /** Seen deliveries remembered at most (the oldest are forgotten first; legitimate traffic stays far below). */
  maxEntries: number;
  clock: () => number;
}

const DEFAULTS: ReplayGuardOptions = { maxAgeMs: WEBHOOK_MAX_AGE_MS, maxEntries: 100_000, clock: () => Date.now() };

/** Remembers the signatures of accepted deliveries until their window has passed. */
export class WebhookReplayGuard {
  /** Signature (lowercase hex) -> when it may be forgotten (ms); insertion order is roughly expiry order. */
  private readonly seen = new Map<string, number>();
  private readonly options: ReplayGuardOptions;

  constructor(options: Partial<ReplayGuardOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Accepts a delivery signed `signature` and stamped `timeMs` once: 401 when the stamp is outside the
   * window (stale, or from the future), 409 when the same signed body was accepted before. Check the
   * signature first: only a delivery that passes it is remembered.
   */
  admit(signature: string, timeMs: number): DeliveryVerdict {
    const now = this.options.clock();
    const { maxAgeMs } = this.options;
    if (Math.abs(now - timeMs) > maxAgeMs) {
      return { ok: false, status: 401, message: `Stale webhook: time_ms is more than ${maxAgeMs / 1000} s from the server's clock.` };
    }
    this.forgetExpired(now);
    const key = signature.toLowerCase();
    if (this.seen.has(key)) return { ok: false, status: 409, message: "Replayed webhook: this delivery was already accepted." };
    this.seen.set(key, timeMs + maxAgeMs);
    if (this.seen.size > this.options.maxEntries) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return { ok: true };
  }

  private forgetExpired(now: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt >= now) return;
      this.seen.delete(key);
    }
  }
}
