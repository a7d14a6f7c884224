// Webhooks: queued and batched, one delivery in flight per app, signed like Pusher's, retried with backoff.
import { signHex } from "./signatures";

/** The webhook events this server sends. */
export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated" | "cache_miss"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string }
  | { name: "subscription_count"; channel: string; subscription_count: number };

/** Sees every event emitted (sent or not) and the outcome of every POST attempt: the console log and metrics. */
export interface WebhookObserver {
  emitted(event: WebhookEvent): void;
  attempted(url: string, events: number, failure: string | null): void;
}

/** Batching, retries and queue bounds. */
export interface WebhookOptions {
  batchMs: number;
  retryBaseMs: number;
  maxRetryMs: number;
  timeoutMs: number;
  /** Events queued at most while a delivery is slow or failing; the oldest are dropped beyond. */
  maxPendingEvents: number;
  /** Bytes of queued events at most (same policy). */
  maxPendingBytes: number;
}

const MAX_RETRY_DELAY_MS = 60_000;
const MAX_BATCH_EVENTS = 500;

/** Queues webhook events of one app and delivers them one request at a time, never blocking fan-out. */
export class WebhookSender {
  /** Serialized events; `head` is the oldest still queued. */
  private queue: string[] = [];
  private head = 0;
  private queuedBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private inFlightEvents = 0;
  private wakeRetry: (() => void) | null = null;
  private readonly abort = new AbortController();
  private closing: Promise<void> | null = null;
  private shuttingDown = false;
  private stopped = false;
  /** Told about each event and delivery attempt (set by the app runtime). */
  observer: WebhookObserver | null = null;

  constructor(
    private readonly app: { key: string; secret: string; webhookUrl?: string },
    private readonly options: WebhookOptions,
    private readonly log: (message: string) => void,
  ) {}

  /** True when a webhook URL is configured and the sender has not stopped. */
  get enabled(): boolean {
    return Boolean(this.app.webhookUrl) && !this.stopped;
  }

  private get pending(): number {
    return this.queue.length - this.head;
  }

  /** Events queued or in flight. */
  get queueLength(): number {
    return this.pending + this.inFlightEvents;
  }

  /** Queues one event; it goes out with the others of its batch once the previous delivery is done. */
  emit(event: WebhookEvent): void {
    this.observer?.emitted(event);
    if (!this.enabled) return;
    const text = JSON.stringify(event);
    this.queue.push(text);
    this.queuedBytes += Buffer.byteLength(text);
    this.trim();
    this.schedule();
  }

  /**
   * Delivers what is queued (no waiting for a batch window, one final attempt for a batch waiting to be
   * retried) for at most `graceMs`, then aborts. Every call returns the same promise.
   */
  close(graceMs: number): Promise<void> {
    if (!this.closing) {
      this.shuttingDown = true;
      this.closing = this.shutdown(graceMs);
    }
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wakeRetry?.();
    let deadline: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (deadline = setTimeout(resolve, graceMs)));
    await Promise.race([this.drain(), expired]);
    clearTimeout(deadline);
    this.stopped = true;
    this.abort.abort();
    const unsent = this.pending + this.inFlightEvents;
    await this.inFlight;
    this.reportDropped();
    if (unsent > 0 && this.app.webhookUrl) {
      this.log(`Channels webhooks: ${unsent} events not delivered to ${this.app.webhookUrl} within ${graceMs} ms of shutdown`);
    }
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      if (this.inFlight) await this.inFlight;
      else if (this.pending > 0) this.startDelivery();
      else return;
    }
  }

  /** Drops the oldest events while the queue is over either bound. */
  private trim(): void {
    const { maxPendingEvents, maxPendingBytes } = this.options;
    while (this.pending > maxPendingEvents || (this.queuedBytes > maxPendingBytes && this.pending > 1)) {
      if (this.dropped === 0) {
        this.log(`Channels webhooks: queue full (${maxPendingEvents} events / ${maxPendingBytes} bytes): dropping the oldest events until deliveries catch up`);
      }
      this.queuedBytes -= Buffer.byteLength(this.queue[this.head] ?? "");
      this.queue[this.head] = "";
      this.head += 1;
      this.dropped += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.log(`Channels webhooks: dropped the ${this.dropped} oldest queued events while the queue was full`);
    this.dropped = 0;
  }

  /** Starts a batch window unless one is open, a delivery is in flight (it reschedules) or we are shutting down. */
  private schedule(): void {
    if (this.timer || this.inFlight || this.shuttingDown || this.pending === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startDelivery();
    }, this.options.batchMs);
  }

  private startDelivery(): void {
    if (this.inFlight || this.pending === 0 || this.stopped) return;
    const end = Math.min(this.queue.length, this.head + MAX_BATCH_EVENTS);
    const events = this.queue.slice(this.head, end);
    for (const text of events) this.queuedBytes -= Buffer.byteLength(text);
    this.head = end;
    this.reportDropped();
    this.inFlightEvents = events.length;
    const body = `{"time_ms":${Date.now()},"events":[${events.join(",")}]}`;
    this.inFlight = this.deliver(body).finally(() => {
      this.inFlight = null;
      this.inFlightEvents = 0;
      this.schedule();
    });
  }

  /** POSTs one body until it succeeds, retrying with doubling delays for at most maxRetryMs. */
  private async deliver(body: string): Promise<void> {
    const url = this.app.webhookUrl;
    if (!url) return;
    const firstAt = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const failure = await this.post(url, body);
      this.observer?.attempted(url, this.inFlightEvents, failure);
      if (failure === null || this.stopped) return;
      const delay = Math.min(this.options.retryBaseMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
      if (this.shuttingDown || Date.now() + delay - firstAt > this.options.maxRetryMs) {
        this.log(`Channels webhook to ${url} dropped after ${attempt + 1} attempts (${failure})`);
        return;
      }
      await this.waitForRetry(delay);
    }
  }

  /** One signed POST; null on a 2xx, else why it failed. */
  private async post(url: string, body: string): Promise<string | null> {
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "X-Pusher-Key": this.app.key,
          "X-Pusher-Signature": signHex(this.app.secret, body),
        },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `status ${response.status}`;
    } catch (error) {
      return describeFetchError(error);
    }
  }

  /** Waits out a retry delay; shutdown cuts it short for one final attempt. */
  private waitForRetry(delay: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeRetry = null;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wakeRetry = done;
    });
  }
}

/** A failed fetch's message with its cause ("fetch failed: self-signed certificate"), so a TLS or connection problem shows in the log. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = cause && "code" in cause ? ` (${String(cause.code)})` : "";
  return cause ? `${error.message}: ${cause.message}${code}` : error.message;
}
