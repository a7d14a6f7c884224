// subscription_count throttling: a channel's first change is announced at once, later changes within
// the interval are coalesced into one announcement at its end (10,000 joins are not 10,000 broadcasts).

/** Throttles announcements to at most one per channel per interval, with a trailing one for late changes. */
export class CountThrottle {
  private timer: NodeJS.Timeout | null = null;
  /** Channels announced in the current interval. */
  private announced = new Set<string>();
  /** Channels that changed again after their announcement in the current interval. */
  private due = new Set<string>();
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly announce: (channel: string) => void,
  ) {}

  /** Records that a channel's subscription count changed. */
  changed(channel: string): void {
    if (this.closed) return;
    if (this.announced.has(channel)) {
      this.due.add(channel);
      return;
    }
    this.announced.add(channel);
    this.announce(channel);
    if (!this.timer) {
      this.timer = setTimeout(() => this.endInterval(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Stops announcing for good (server shutdown): no more broadcasts to sockets that are closing. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.announced.clear();
    this.due.clear();
  }

  private endInterval(): void {
    this.timer = null;
    const due = this.due;
    this.due = new Set();
    this.announced = new Set();
    for (const channel of due) this.changed(channel);
  }
}
