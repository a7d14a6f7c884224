"use client";
// The channels panel: occupied channels with subscription and user counts from the Channels HTTP API
// (through the app's GET /api/console/channels), refreshed every 3 s and on demand.
import { useCallback, useEffect, useId, useState } from "react";
import { useLatestJson } from "@/app/_components/use-latest-json";
import { channelsAnswerSchema, type ChannelsAnswer } from "@/lib/schemas/console";
import styles from "./console.module.css";

const REFRESH_MS = 3_000;

/** The panel (data-testid="channels-panel"; one data-testid="channel-row" per channel, data-channel=name). */
export function ChannelsPanel() {
  const id = useId();
  const [answer, setAnswer] = useState<(ChannelsAnswer & { at: number }) | null>(null);
  const read = useLatestJson();
  const refresh = useCallback(() => read("/api/console/channels", channelsAnswerSchema, (data) => setAnswer({ ...data, at: Date.now() })), [read]);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="channels-panel">
      <div className={styles.panelHead}>
        <h2 id={`${id}-title`} className="panel-title">
          Occupied channels
        </h2>
        <button type="button" className={`button ${styles.small}`} onClick={refresh}>
          Refresh
        </button>
      </div>
      {answer === null ? (
        <p className={styles.empty}>Loading…</p>
      ) : answer.channels.length === 0 ? (
        <p className={styles.empty}>No occupied channels.</p>
      ) : (
        <table className={styles.table}>
          <caption className="visually-hidden">Occupied channels and their counts</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" className={styles.num}>
                Subscriptions
              </th>
              <th scope="col" className={styles.num}>
                Users
              </th>
            </tr>
          </thead>
          <tbody>
            {answer.channels.map((channel) => (
              <tr key={channel.name} data-testid="channel-row" data-channel={channel.name}>
                <td className={`${styles.mono} ${styles.wrap}`}>{channel.name}</td>
                <td className={styles.num}>{channel.subscriptionCount ?? "—"}</td>
                <td className={styles.num}>{channel.userCount ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {answer?.note ? <p className={styles.note}>{answer.note}</p> : null}
      {answer ? (
        <p className={styles.note}>
          Updated <time dateTime={new Date(answer.at).toISOString()}>{new Date(answer.at).toLocaleTimeString()}</time>
        </p>
      ) : null}
    </section>
  );
}
