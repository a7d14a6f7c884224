// One row of the live log: time, type, channel(s), event, socket id and details, every value escaped
// (React text), event data verbatim in a code block; encrypted payloads are labelled as ciphertext.
import type { LogRow } from "@/lib/schemas/console";
import styles from "./console.module.css";

/** Human labels of the row types (unknown types show as sent). */
export const ROW_TYPE_LABELS: Record<string, string> = {
  connection: "Connection",
  disconnection: "Disconnection",
  subscribed: "Subscribed",
  unsubscribed: "Unsubscribed",
  api_message: "API message",
  client_event: "Client event",
  member_added: "Member added",
  member_removed: "Member removed",
  occupied: "Occupied",
  vacated: "Vacated",
  webhook_sent: "Webhook sent",
  webhook_failed: "Webhook failed",
  webhook_received: "Webhook received",
  error: "Error",
};

const TONES: Record<string, string | undefined> = {
  error: styles.toneBad,
  webhook_failed: styles.toneBad,
  api_message: styles.toneAccent,
  client_event: styles.toneAccent,
  connection: styles.toneGood,
  subscribed: styles.toneGood,
  occupied: styles.toneGood,
};

function formatTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function formatDetail(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const PREVIEW_CHARS = 200;

/** Event data as text; long data (ciphertext, big payloads) folds into a disclosure after a preview. */
function RowData({ data }: { data: string }) {
  if (data.length <= PREVIEW_CHARS) {
    return (
      <code className={styles.data} data-testid="log-row-data">
        {data}
      </code>
    );
  }
  return (
    <details className={styles.more}>
      <summary>
        <code className={styles.data}>{`${data.slice(0, PREVIEW_CHARS)}…`}</code>
      </summary>
      <code className={styles.data} data-testid="log-row-data">
        {data}
      </code>
    </details>
  );
}

/** A table row (data-testid="log-row", data-type, data-channel, data-event for tests and styling). */
export function LogRowView({ row }: { row: LogRow }) {
  const channels = row.channels ?? (row.channel !== undefined ? [row.channel] : []);
  const details = Object.entries(row.details ?? {});
  return (
    <tr data-testid="log-row" data-type={row.type} data-channel={channels.join(" ")} data-event={row.event ?? ""}>
      <td className={styles.mono}>
        <time dateTime={new Date(row.time).toISOString()}>{formatTime(row.time)}</time>
      </td>
      <td>
        <span className={`${styles.type} ${TONES[row.type] ?? ""}`}>{ROW_TYPE_LABELS[row.type] ?? row.type}</span>
      </td>
      <td className={`${styles.mono} ${styles.wrap}`}>{channels.length > 0 ? channels.join(", ") : "—"}</td>
      <td className={`${styles.mono} ${styles.wrap}`}>{row.event ?? "—"}</td>
      <td className={`${styles.mono} ${styles.wrap}`}>{row.socketId ?? "—"}</td>
      <td className={styles.details}>
        {details.length > 0 ? (
          <dl className={styles.detailList}>
            {details.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{formatDetail(value)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {row.encrypted ? <span className={styles.cipher}>ciphertext (end-to-end encrypted)</span> : null}
        {row.data !== undefined ? <RowData data={row.data} /> : null}
        {row.dataBytes !== undefined ? <span className={styles.cut}>cut: {row.dataBytes} bytes in full</span> : null}
      </td>
    </tr>
  );
}
