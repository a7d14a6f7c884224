// The app's log of Channels webhooks. At LOG_LEVEL=debug, one "[pusher-webhook] <event>" line per event;
// at info (the default), one summary line per interval counting the events by name, so a burst of
// subscribes and unsubscribes costs one line, not one per event; at warn or error, nothing.
import { describeWebhookEvent } from "@/lib/pusher/webhook";
import type { WebhookEvent } from "@/lib/schemas/webhook";

/** How the webhook log writes. */
export interface WebhookLogOptions {
  level: "debug" | "info" | "warn" | "error";
  /** The summary covers the events of this many ms, counted from the first one after a quiet spell. */
  intervalMs: number;
  /** Where lines go (default console.log). */
  write?: (line: string) => void;
}

/** Records webhook events as the options say; `flush()` writes a pending summary now. */
export interface WebhookLog {
  record(events: readonly WebhookEvent[]): void;
  flush(): void;
}

/** A webhook log writing per-event lines at debug and a periodic count at info. */
export function createWebhookLog(options: WebhookLogOptions): WebhookLog {
  const write = options.write ?? ((line: string) => console.log(line));
  const counts = new Map<string, number>();
  let windowStart = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (counts.size === 0) return;
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const byName = [...counts].map(([name, count]) => `${name} ${count}`).join(", ");
    const seconds = Number(((performance.now() - windowStart) / 1000).toFixed(1));
    counts.clear();
    write(`[pusher-webhook] ${total} webhook ${total === 1 ? "event" : "events"} in ${seconds} s: ${byName}`);
  };

  return {
    record(events) {
      if (options.level === "warn" || options.level === "error") return;
      for (const event of events) {
        if (options.level === "debug") write(`[pusher-webhook] ${describeWebhookEvent(event)}`);
        counts.set(event.name, (counts.get(event.name) ?? 0) + 1);
      }
      if (timer || counts.size === 0) return;
      windowStart = performance.now();
      timer = setTimeout(flush, options.intervalMs);
      timer.unref();
    },
    flush,
  };
}
