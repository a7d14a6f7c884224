// Token bucket rate limit: a steady rate with a bounded burst, no window edge that lets twice the limit through.

/** Tokens refill continuously at `ratePerSecond` up to `capacity`; each allowed action takes one. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes `cost` tokens (one by default) at time `now` (ms); false, taking none, when fewer are left. */
  take(now: number, cost = 1): boolean {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
      this.updatedAt = now;
    }
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
