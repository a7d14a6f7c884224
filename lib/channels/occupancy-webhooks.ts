// channel_occupied / channel_vacated coalesced per channel, as Pusher does: vacated waits a few seconds and
// a re-occupy within them cancels it, so a vacate + re-occupy sends no webhook at all and a subscribe/unsubscribe
// loop sends one occupied (and one vacated once it stops) instead of two webhooks per iteration.
import type { WebhookEvent } from "./webhooks";

/** Timing of the coalescing. */
export interface OccupancyOptions {
  /** How long a vacated channel waits before its channel_vacated goes out (0: at once). */
  vacatedDelayMs: number;
  /** Milliseconds now (the server's clock: tests move it by hand). */
  clock: () => number;
  /** How often due channel_vacated are looked for while some are pending. */
  checkIntervalMs: number;
}

/** Turns occupancy changes into coalesced channel_occupied / channel_vacated webhook events. */
export class OccupancyWebhooks {
  /** Vacated channels whose webhook has not gone out yet, with when it is due (insertion order is due order). */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (event: WebhookEvent) => void,
    private readonly options: OccupancyOptions,
  ) {}

  /** A channel got its first subscriber: channel_occupied, unless it was vacated so recently that nobody was told. */
  occupied(channel: string): void {
    if (this.pending.delete(channel)) return;
    this.emit({ name: "channel_occupied", channel });
  }

  /** A channel lost its last subscriber: channel_vacated after the delay, unless it is occupied again first. */
  vacated(channel: string): void {
    if (this.options.vacatedDelayMs <= 0) {
      this.emit({ name: "channel_vacated", channel });
      return;
    }
    this.pending.delete(channel);
    this.pending.set(channel, this.options.clock() + this.options.vacatedDelayMs);
    this.timer ??= setInterval(() => this.sendDue(this.options.clock()), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** Sends every pending channel_vacated now and stops the timer (shutdown: the closes' webhooks must go out). */
  flush(): void {
    this.sendDue(Number.POSITIVE_INFINITY);
  }

  private sendDue(now: number): void {
    for (const [channel, dueAt] of this.pending) {
      if (dueAt > now) break;
      this.pending.delete(channel);
      this.emit({ name: "channel_vacated", channel });
    }
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
