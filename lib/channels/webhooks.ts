// Webhooks: batched, signed like Pusher's (X-Pusher-Key / X-Pusher-Signature), retried with backoff.
import { signHex } from "./signatures";

/** The webhook events this server sends. */
export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated" | "cache_miss"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string }
  | { name: "subscription_count"; channel: string; subscription_count: number };

/** Timing of batching and retries. */
export interface WebhookOptions {
  batchMs: number;
  retryBaseMs: number;
  maxRetryMs: number;
  timeoutMs: number;
}

const MAX_RETRY_DELAY_MS = 60_000;

/** Queues webhook events of one app and delivers them without ever blocking fan-out. */
export class WebhookSender {
  private pending: WebhookEvent[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly app: { key: string; secret: string; webhookUrl?: string },
    private readonly options: WebhookOptions,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  /** True when a webhook URL is configured. */
  get enabled(): boolean {
    return Boolean(this.app.webhookUrl) && !this.closed;
  }

  /** Queues one event; it goes out with the others of the same batch window. */
  emit(event: WebhookEvent): void {
    if (!this.enabled) return;
    this.pending.push(event);
    this.batchTimer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  /** Stops batching and retrying; in-flight requests are aborted. */
  close(): void {
    this.closed = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.abort.abort();
  }

  private flush(): void {
    this.batchTimer = null;
    const events = this.pending;
    this.pending = [];
    if (events.length === 0 || this.closed) return;
    const body = JSON.stringify({ time_ms: Date.now(), events });
    void this.deliver(body, 0, Date.now());
  }

  private async deliver(body: string, attempt: number, firstAt: number): Promise<void> {
    const url = this.app.webhookUrl;
    if (!url || this.closed) return;
    let failure: string;
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
      if (response.ok) return;
      failure = `status ${response.status}`;
    } catch (error) {
      if (this.closed) return;
      failure = error instanceof Error ? error.message : String(error);
    }
    const delay = Math.min(this.options.retryBaseMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
    if (Date.now() + delay - firstAt > this.options.maxRetryMs) {
      this.log(`Channels webhook to ${url} dropped after ${attempt + 1} attempts (${failure})`);
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.deliver(body, attempt + 1, firstAt);
    }, delay);
    this.retryTimers.add(timer);
  }
}
