"use client";
// The trader's confirmations from their private channel (name injected at render), for trades made
// elsewhere: another tab, another device. A confirmation of a trade this page's form recorded (its id is
// in the page's registry) is skipped: the form's message is that trade's one announcement (own-trades.tsx).
import { useState } from "react";
import type { MarketSummary } from "@/lib/schemas/market";
import type { PrivateTradeEvent } from "@/lib/schemas/notifications";
import { describePrivateTrade } from "./notification-text";
import { useOwnTrades } from "./own-trades";
import { usePrivateTrades } from "./use-private-trades";
import styles from "./account.module.css";

/** Shows the newest `trade` event of `privateChannel` (only its owner can subscribe) not made on this page. */
export function PrivateTradeAlerts({ privateChannel, markets = [] }: { privateChannel: string; markets?: readonly MarketSummary[] }) {
  const ownTrades = useOwnTrades();
  const [latest, setLatest] = useState<PrivateTradeEvent | null>(null);
  usePrivateTrades(privateChannel, (event) => {
    ownTrades.showUnlessOwn(event.trade.id, () =>
      setLatest((current) => (current && current.trade.id > event.trade.id ? current : event)),
    );
  });
  return (
    <div className={styles.alert} role="status" aria-live="polite" data-testid="private-trade-alert" data-trade-id={latest?.trade.id}>
      {latest ? (
        <>
          <strong>Trade confirmed:</strong> {describePrivateTrade(latest.trade, markets)}{" "}
          <span className={styles.muted}>(trade #{latest.trade.id})</span>
        </>
      ) : null}
    </div>
  );
}
