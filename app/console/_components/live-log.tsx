"use client";
// The live log panel: filters (type, channel prefix, event name), pause/resume, clear, the counts of
// what the buffer and the server dropped, and the rows newest first.
import { useId, useMemo, type Dispatch } from "react";
import { LOG_ROW_TYPES } from "@/lib/schemas/console";
import styles from "./console.module.css";
import { LogRowView, ROW_TYPE_LABELS } from "./log-row-view";
import { matchesFilters, type LogAction, type LogState } from "./log-state";
import type { LogFeedStatus } from "./use-log-feed";

const STATUS_TEXT: Record<LogFeedStatus, string> = {
  subscribing: "Subscribing to the log channel…",
  subscribed: "Watching the Channels server's log.",
  refused: "The log channel subscription was refused.",
};

/** Hosted Pusher publishes nothing on the log channel: the rows are the app's own view. */
const HOSTED_STATUS_TEXT = "Showing what this app sees (hosted Pusher: the full log is in its dashboard).";

/** The log with its toolbar (data-testid="live-log"). */
export function LiveLog({
  state,
  dispatch,
  status,
  hostedMode,
}: {
  state: LogState;
  dispatch: Dispatch<LogAction>;
  status: LogFeedStatus;
  hostedMode: boolean;
}) {
  const id = useId();
  const shown = useMemo(() => state.rows.filter((row) => matchesFilters(row, state.filters)), [state.rows, state.filters]);
  const dropped = state.droppedHere + state.droppedByServer;
  return (
    <section className={`panel ${styles.log}`} aria-labelledby={`${id}-title`} data-testid="live-log" data-status={status}>
      <div className={styles.logHead}>
        <h2 id={`${id}-title`} className="panel-title">
          Live log
        </h2>
        <p className={styles.status} role="status" aria-live="polite" data-testid="log-status">
          {state.paused ? `Paused: ${state.held.length} new rows waiting.` : hostedMode ? HOSTED_STATUS_TEXT : STATUS_TEXT[status]}
        </p>
      </div>
      <div className={styles.toolbar}>
        <div className={styles.filter}>
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={state.filters.type} onChange={(e) => dispatch({ type: "filter", filters: { type: e.target.value } })}>
            <option value="">All types</option>
            {LOG_ROW_TYPES.map((type) => (
              <option key={type} value={type}>
                {ROW_TYPE_LABELS[type] ?? type}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.filter}>
          <label htmlFor={`${id}-channel`}>Channel prefix</label>
          <input
            id={`${id}-channel`}
            type="search"
            spellCheck={false}
            autoComplete="off"
            placeholder="e.g. private-"
            value={state.filters.channelPrefix}
            onChange={(e) => dispatch({ type: "filter", filters: { channelPrefix: e.target.value } })}
          />
        </div>
        <div className={styles.filter}>
          <label htmlFor={`${id}-event`}>Event name</label>
          <input
            id={`${id}-event`}
            type="search"
            spellCheck={false}
            autoComplete="off"
            placeholder="e.g. update"
            value={state.filters.event}
            onChange={(e) => dispatch({ type: "filter", filters: { event: e.target.value } })}
          />
        </div>
        <div className={styles.actions}>
          <button type="button" className="button" aria-pressed={state.paused} onClick={() => dispatch({ type: state.paused ? "resume" : "pause" })}>
            {state.paused ? "Resume" : "Pause"}
          </button>
          <button type="button" className="button" onClick={() => dispatch({ type: "clear" })}>
            Clear
          </button>
        </div>
      </div>
      <p className={styles.counts} data-testid="log-counts">
        Showing {shown.length} of {state.rows.length} rows
        {dropped > 0 ? ` · ${dropped} dropped (${state.droppedHere} oldest from this page's buffer, ${state.droppedByServer} by the server's rate bound)` : ""}
      </p>
      <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Log rows, newest first">
        <table className={`${styles.table} ${styles.logTable}`}>
          <caption className="visually-hidden">What passed through the Channels server, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className={styles.colTime}>
                Time
              </th>
              <th scope="col" className={styles.colType}>
                Type
              </th>
              <th scope="col" className={styles.colChannel}>
                Channel
              </th>
              <th scope="col" className={styles.colEvent}>
                Event
              </th>
              <th scope="col" className={styles.colSocket}>
                Socket
              </th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <LogRowView key={`${row.type}-${row.id}-${row.time}`} row={row} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <p className={styles.empty}>No rows yet. Submit a trade, open a market page, or send an event.</p> : null}
      </div>
    </section>
  );
}
