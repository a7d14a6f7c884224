// The server's log tap: turns what passes through one app into rows, and publishes them in bounded
// batches on the reserved log channel, only while somebody is subscribed to it.
import type { IncomingHttpHeaders } from "node:http";
import { channelKind } from "../channel-names";
import type { ChannelRegistry } from "../channel-registry";
import type { Connection } from "../connection";
import type { ProtocolError, Result, SubscriptionError } from "../errors";
import { encodeEvent } from "../protocol/messages";
import type { WebhookEvent } from "../webhooks";
import { CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT } from "./log-channel";
import { clip, previewData, type ConsoleLogRow, type UnstampedRow } from "./log-rows";

/** How much the log may cost: one batch per window, a bounded number of rows per batch, bounded data. */
export interface ConsoleLogOptions {
  /** Rows are collected this long, then published as one event. */
  batchMs: number;
  /** Rows per batch at most; more in one window are dropped and counted (the batch says how many). */
  maxRowsPerBatch: number;
  /** Characters of event data shown per row; longer data is cut and its full size given. */
  maxDataChars: number;
}

/** The default bounds: at most 4 batches and 400 rows per second, 1 KiB of data per row. */
export const defaultConsoleLogOptions: ConsoleLogOptions = { batchMs: 250, maxRowsPerBatch: 100, maxDataChars: 1024 };

/** What the tap has done since the server started (for /metrics). */
export interface ConsoleLogStats {
  batches: number;
  rows: number;
  dropped: number;
}

/**
 * The log of one app. Every hook first asks `accepts()`: with nobody subscribed to the log channel it
 * returns at once (one map lookup), so an unwatched server builds no rows and publishes nothing.
 */
export class ConsoleLogTap {
  readonly stats: ConsoleLogStats = { batches: 0, rows: 0, dropped: 0 };
  private pending: ConsoleLogRow[] = [];
  private droppedInBatch = 0;
  private sequence = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly openedAt = new WeakMap<Connection, number>();

  constructor(
    private readonly channels: ChannelRegistry,
    private readonly options: ConsoleLogOptions = defaultConsoleLogOptions,
  ) {}

  /** True while at least one socket is subscribed to the log channel. */
  get watching(): boolean {
    return this.channels.get(CONSOLE_LOG_CHANNEL) !== undefined;
  }

  /** A new socket was accepted (origin and user agent from its upgrade request). */
  connected(connection: Connection, headers: IncomingHttpHeaders): void {
    this.openedAt.set(connection, Date.now());
    if (!this.accepts()) return;
    this.push({
      type: "connection",
      socketId: connection.socketId,
      details: { origin: clip(headers.origin ?? "") || null, userAgent: clip(headers["user-agent"] ?? "") || null },
    });
  }

  /** A socket was refused at connection time (4003 disabled, 4004 quota, 4006-4008 protocol). */
  refused(error: ProtocolError, headers: IncomingHttpHeaders): void {
    if (!this.accepts()) return;
    this.push({
      type: "error",
      details: { what: "connection refused", code: error.code, message: clip(error.message), origin: clip(headers.origin ?? "") || null },
    });
  }

  /** A socket closed: how long it lived and the close code. */
  disconnected(connection: Connection, code: number, reason: string): void {
    const opened = this.openedAt.get(connection);
    if (!this.accepts()) return;
    this.push({
      type: "disconnection",
      socketId: connection.socketId,
      details: {
        lifetimeMs: opened === undefined ? null : Date.now() - opened,
        closeCode: code,
        reason: clip(reason) || null,
        channels: connection.subscriptions.size,
      },
    });
  }

  /** The answer to a pusher:subscribe: subscribed, or the refusal (bad signature, limit, bad name). */
  subscription(connection: Connection, channel: string, result: Result<void, SubscriptionError>): void {
    if (!this.accepts()) return;
    if (result.ok) {
      this.push({ type: "subscribed", channel: clip(channel), socketId: connection.socketId });
      return;
    }
    const { type, error, status } = result.error;
    this.push({ type: "error", channel: clip(channel), socketId: connection.socketId, details: { what: "subscription refused", type, status, message: clip(error, 300) } });
  }

  /** A socket asks to leave a channel (called before it leaves: only a channel it had joined is logged). */
  unsubscribed(connection: Connection, channel: string): void {
    if (!connection.subscriptions.has(channel) || !this.accepts()) return;
    this.push({ type: "unsubscribed", channel, socketId: connection.socketId });
  }

  /** An event triggered through the HTTP API (`socketId`: the socket it excludes). */
  apiMessage(channels: readonly string[], event: string, data: string, socketId: string | null | undefined): void {
    if (!this.accepts()) return;
    const [first] = channels;
    this.push({
      type: "api_message",
      ...(channels.length === 1 && first !== undefined ? { channel: first } : { channels: [...channels] }),
      event,
      ...previewData(data, this.options.maxDataChars),
      ...(channels.some((channel) => channelKind(channel).encrypted) ? { encrypted: true } : {}),
      ...(socketId ? { details: { excludedSocket: socketId } } : {}),
    });
  }

  /** A frame refused with pusher:error (rate limits, rejected client events, malformed frames). */
  protocolError(connection: Connection, error: ProtocolError, event?: string, channel?: string): void {
    if (!this.accepts()) return;
    this.push({
      type: "error",
      socketId: connection.socketId,
      ...(channel !== undefined ? { channel: clip(channel) } : {}),
      ...(event !== undefined ? { event: clip(event) } : {}),
      details: { what: "pusher:error", code: error.code, fatal: error.fatal, message: clip(error.message, 300) },
    });
  }

  /** A socket went over its inbound frame rate (it is closed with 4100). */
  rateLimited(connection: Connection, perSecond: number): void {
    if (!this.accepts()) return;
    this.push({ type: "error", socketId: connection.socketId, details: { what: "rate limit", code: 4100, limitPerSecond: perSecond } });
  }

  /** An HTTP API request answered with an error status (signature failures, 413, 404 ...). */
  apiError(method: string, path: string, status: number): void {
    if (!this.accepts()) return;
    this.push({ type: "error", details: { what: "HTTP API", method, path: clip(path), status } });
  }

  /** A channel event the server also turns into a webhook: occupied, vacated, members, client events. */
  channelEvent(event: WebhookEvent): void {
    if (!this.accepts()) return;
    switch (event.name) {
      case "channel_occupied":
        return this.push({ type: "occupied", channel: event.channel });
      case "channel_vacated":
        return this.push({ type: "vacated", channel: event.channel });
      case "member_added":
      case "member_removed":
        return this.push({ type: event.name, channel: event.channel, details: { userId: event.user_id } });
      case "client_event":
        return this.push({
          type: "client_event",
          channel: event.channel,
          event: event.event,
          socketId: event.socket_id,
          ...previewData(event.data, this.options.maxDataChars),
          ...(event.user_id !== undefined ? { details: { userId: event.user_id } } : {}),
        });
      default:
        return;
    }
  }

  /** One webhook POST: delivered, or why it failed (each failed attempt is a row). */
  webhookDelivery(url: string, events: number, failure: string | null): void {
    if (!this.accepts()) return;
    const details = { url: clip(url), events };
    if (failure === null) this.push({ type: "webhook_sent", details });
    else this.push({ type: "webhook_failed", details: { ...details, reason: clip(failure) } });
  }

  /** Stops the batch timer (server shutdown); nothing more is published. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }

  /** Whether to build a row now: someone watches and the batch has room (else the row is counted as dropped). */
  private accepts(): boolean {
    if (!this.watching) return false;
    if (this.pending.length < this.options.maxRowsPerBatch) return true;
    this.droppedInBatch += 1;
    this.stats.dropped += 1;
    return false;
  }

  private push(row: UnstampedRow): void {
    this.sequence += 1;
    this.pending.push({ id: this.sequence, time: Date.now(), ...row });
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.batchMs);
    this.timer.unref();
  }

  /** Publishes the batch to the log channel's subscribers (straight to them: not an API message, never logged). */
  private flush(): void {
    this.timer = null;
    const rows = this.pending;
    const dropped = this.droppedInBatch;
    this.pending = [];
    this.droppedInBatch = 0;
    if (!this.watching || (rows.length === 0 && dropped === 0)) return;
    const data = JSON.stringify({ rows, dropped });
    this.channels.broadcast(CONSOLE_LOG_CHANNEL, encodeEvent(CONSOLE_LOG_EVENT, CONSOLE_LOG_CHANNEL, data));
    this.stats.batches += 1;
    this.stats.rows += rows.length;
  }
}
