// Hosted-Pusher mode: the console cannot see inside the hosted service, so the app keeps its own log of
// what it can see (its triggers and the webhooks it receives) in a bounded in-memory buffer per process.
import "server-only";
import type Pusher from "pusher";
import { env } from "@/lib/env";
import { usesHostedPusher } from "@/lib/pusher/resolve-target";
import type { LogRow } from "@/lib/schemas/console";
import type { WebhookEvent } from "@/lib/schemas/webhook";

/** Rows kept at most (the oldest are dropped). */
export const APP_LOG_LIMIT = 500;
const MAX_DATA_CHARS = 1024;

/** A bounded, numbered list of rows; `after(id)` gives the newer ones. */
export class AppLog {
  private rows: LogRow[] = [];
  private sequence = 0;

  constructor(private readonly limit = APP_LOG_LIMIT) {}

  /** Appends a row (numbered and stamped here). */
  add(row: Omit<LogRow, "id" | "time">): void {
    this.sequence += 1;
    this.rows.push({ id: this.sequence, time: Date.now(), ...row });
    if (this.rows.length > this.limit) this.rows.splice(0, this.rows.length - this.limit);
  }

  /** Rows with an id above `id`, oldest first. */
  after(id: number): LogRow[] {
    return this.rows.filter((row) => row.id > id);
  }
}

const globalForLog = globalThis as typeof globalThis & { __peatioAppLog?: AppLog };

/** The process's app log (kept on globalThis so dev hot reload keeps it). */
export const appLog: AppLog = (globalForLog.__peatioAppLog ??= new AppLog());

/** True when the app talks to hosted Pusher: only then is its own log kept (our server logs everything itself). */
export function keepsAppLog(): boolean {
  return usesHostedPusher(env);
}

function preview(data: unknown): Pick<LogRow, "data" | "dataBytes"> {
  const text = typeof data === "string" ? data : (JSON.stringify(data) ?? "");
  return text.length <= MAX_DATA_CHARS ? { data: text } : { data: text.slice(0, MAX_DATA_CHARS), dataBytes: Buffer.byteLength(text) };
}

/** Logs one trigger the app made and how it ended (encrypted channels: the clear data is never kept). */
export function recordAppTrigger(channels: readonly string[], event: string, data: unknown, failure: string | null, log: AppLog = appLog): void {
  const encrypted = channels.some((channel) => channel.startsWith("private-encrypted-"));
  const [first] = channels;
  log.add({
    type: failure === null ? "api_message" : "error",
    ...(channels.length === 1 && first !== undefined ? { channel: first } : { channels: [...channels] }),
    event,
    ...(encrypted ? { encrypted: true } : preview(data)),
    details: failure === null ? { source: "this app's trigger" } : { source: "this app's trigger", failure },
  });
}

/** Logs the events of one signed webhook the app received. */
export function recordWebhookEvents(events: readonly WebhookEvent[], log: AppLog = appLog): void {
  if (!keepsAppLog()) return;
  for (const event of events) {
    log.add({
      type: "webhook_received",
      channel: event.channel,
      ...(event.event !== undefined ? { event: event.event } : {}),
      ...(event.socket_id !== undefined ? { socketId: event.socket_id } : {}),
      details: {
        webhook: event.name,
        ...(event.user_id !== undefined ? { userId: event.user_id } : {}),
        ...(event.subscription_count !== undefined ? { subscriptionCount: event.subscription_count } : {}),
      },
    });
  }
}

const recorded = new WeakSet<Pusher>();

/**
 * In hosted mode, makes `pusher`'s trigger and triggerBatch also log to the app log (same SDK calls,
 * same results and errors). Elsewhere returns it untouched. Idempotent (hot reload reuses the instance).
 */
export function recordHostedTriggers(pusher: Pusher): Pusher {
  if (!keepsAppLog() || recorded.has(pusher)) return pusher;
  recorded.add(pusher);
  const trigger = pusher.trigger.bind(pusher);
  const triggerBatch = pusher.triggerBatch.bind(pusher);
  pusher.trigger = async (channel: string | string[], event: string, data: unknown, params?: Pusher.TriggerParams) => {
    const channels = Array.isArray(channel) ? channel : [channel];
    try {
      const response = await (params === undefined ? trigger(channel, event, data) : trigger(channel, event, data, params));
      recordAppTrigger(channels, event, data, null);
      return response;
    } catch (error) {
      recordAppTrigger(channels, event, data, describe(error));
      throw error;
    }
  };
  pusher.triggerBatch = async (batch) => {
    const copy = batch.map((item) => ({ ...item }));
    try {
      const response = await triggerBatch(batch);
      for (const item of copy) recordAppTrigger([item.channel], item.name, item.data, null);
      return response;
    } catch (error) {
      for (const item of copy) recordAppTrigger([item.channel], item.name, item.data, describe(error));
      throw error;
    }
  };
  return pusher;
}

function describe(error: unknown): string {
  const fields = error !== null && typeof error === "object" ? (error as Record<string, unknown>) : {};
  if (typeof fields.status === "number") return `HTTP ${fields.status}${typeof fields.body === "string" ? ` ${fields.body.trim().slice(0, 200)}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
