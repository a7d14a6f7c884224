"use client";
// Shows the realtime connection state in a polite live region, so a dropped feed is never silent.
import { usePusherConnection, type ConnectionState } from "@/lib/pusher/use-pusher";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const HINTS: Record<ConnectionState, string | null> = {
  connecting: null,
  live: "Prices update as trades happen.",
  reconnecting: "Live updates are paused; trades are still recorded.",
  offline: "Live updates are down; trades are still recorded. Reload to see the latest prices.",
};

/** The connection state badge (data-testid="connection-state", data-state=connecting|live|reconnecting|offline). */
export function ConnectionBadge() {
  const { state } = usePusherConnection();
  const hint = HINTS[state];
  return (
    <p className="connection" data-testid="connection-state" data-state={state} role="status" aria-live="polite" title={hint ?? undefined}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{LABELS[state]}</span>
      {hint && state !== "live" ? <span className="visually-hidden"> {hint}</span> : null}
    </p>
  );
}
