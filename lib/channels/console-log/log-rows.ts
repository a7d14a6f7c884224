// The rows of the console log: what each kind carries, and how data is cut to a bounded preview.

/** Every kind of row the server logs. */
export const CONSOLE_LOG_TYPES = [
  "connection",
  "disconnection",
  "subscribed",
  "unsubscribed",
  "api_message",
  "client_event",
  "member_added",
  "member_removed",
  "occupied",
  "vacated",
  "webhook_sent",
  "webhook_failed",
  "error",
] as const;

/** A kind of row. */
export type ConsoleLogType = (typeof CONSOLE_LOG_TYPES)[number];

/** Detail values: short scalars and name lists only. */
export type DetailValue = string | number | boolean | null | string[];

/** One log row as published (JSON). */
export interface ConsoleLogRow {
  /** Sequence number per app, from 1 (gaps mean rows were dropped by the rate bound). */
  id: number;
  /** Wall-clock milliseconds. */
  time: number;
  type: ConsoleLogType;
  channel?: string;
  /** Several channels (an API message to more than one). */
  channels?: string[];
  event?: string;
  socketId?: string;
  details?: Record<string, DetailValue>;
  /** The event data exactly as it passed, cut to a preview when longer (see dataBytes). */
  data?: string;
  /** The full size in bytes when `data` was cut. */
  dataBytes?: number;
  /** The channel is end-to-end encrypted: `data` is `{nonce, ciphertext}`, never clear text. */
  encrypted?: boolean;
}

/** A row before the tap numbers and stamps it. */
export type UnstampedRow = Omit<ConsoleLogRow, "id" | "time">;

/** `data` cut to `maxChars` characters, with the full byte size when it was cut. */
export function previewData(data: string, maxChars: number): Pick<ConsoleLogRow, "data" | "dataBytes"> {
  if (data.length <= maxChars) return { data };
  return { data: data.slice(0, maxChars), dataBytes: Buffer.byteLength(data) };
}

/** A string cut to `max` characters (header values, messages). */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
