"use client";
// The trader's own confirmations on the market page, from their private channel (name injected at render).
import { useState } from "react";
import type { PrivateTradeEvent } from "@/lib/schemas/notifications";
import { usePrivateTrades } from "./use-private-trades";
import styles from "./account.module.css";

/** Shows the latest `trade` event of `privateChannel` (only its owner can subscribe to it). */
export function PrivateTradeAlerts({ privateChannel }: { privateChannel: string }) {
  const [latest, setLatest] = useState<PrivateTradeEvent | null>(null);
  usePrivateTrades(privateChannel, (event) => setLatest((current) => (current && current.trade.id > event.trade.id ? current : event)));
  return (
    <div className={styles.alert} role="status" aria-live="polite" data-testid="private-trade-alert">
      {latest ? (
        <>
          <strong>Confirmed:</strong> {latest.notification.body} <span className={styles.muted}>(trade #{latest.trade.id})</span>
        </>
      ) : null}
    </div>
  );
}
