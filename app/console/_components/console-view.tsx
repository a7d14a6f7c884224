"use client";
// The debug console: the live log (fed by the Channels server's log channel, plus the app's own log in
// hosted-Pusher mode), the event creator and the channels panel.
import { useReducer } from "react";
import { ConnectionBadge } from "@/app/markets/_components/connection-badge";
import { ChannelsPanel } from "./channels-panel";
import styles from "./console.module.css";
import { EventCreator } from "./event-creator";
import { LiveLog } from "./live-log";
import { initialLogState, logReducer } from "./log-state";
import { useAppLogFeed, useLogFeed } from "./use-log-feed";

/** `hostedMode`: the app talks to hosted Pusher, whose dashboard has the full log. */
export function ConsoleView({ hostedMode }: { hostedMode: boolean }) {
  const [state, dispatch] = useReducer(logReducer, undefined, () => initialLogState());
  const status = useLogFeed(dispatch);
  useAppLogFeed(hostedMode, dispatch);
  return (
    <div className={styles.console}>
      <div className={styles.bar}>
        <h1 className={styles.title}>Debug console</h1>
        <ConnectionBadge />
      </div>
      {hostedMode ? (
        <p className={styles.hosted} data-testid="hosted-notice">
          This app uses hosted Pusher Channels. The full log of every connection and message lives in the Pusher
          dashboard&apos;s debug console; here you see what the app itself sees: its own triggers and the webhooks it
          receives. The event creator and the channels panel work as usual.
        </p>
      ) : null}
      <div className={styles.grid}>
        <div className={styles.side}>
          <EventCreator />
          <ChannelsPanel />
        </div>
        <LiveLog state={state} dispatch={dispatch} status={status} hostedMode={hostedMode} />
      </div>
    </div>
  );
}
