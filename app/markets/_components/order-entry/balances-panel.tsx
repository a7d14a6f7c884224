"use client";
// The member's balances: per currency what is free to trade and what open orders hold (locked), live
// from the private channel's `account` events and re-read after a reconnect (TraderLiveProvider).
import { useId } from "react";
import { formatDecimal } from "@/lib/market/format";
import { useTraderLive } from "./trader-live-provider";
import styles from "./order-entry.module.css";

/** The balances table (rows data-testid="balance-row" data-currency=<id>); nothing outside a signed-in page. */
export function BalancesPanel() {
  const id = useId();
  const trader = useTraderLive();
  if (trader === null) return null;
  const { accounts } = trader.state;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="balances">
      <h2 id={`${id}-title`} className="panel-title">
        Balances
      </h2>
      {/* Focusable and named: a keyboard can scroll the table when it is wider than the panel. */}
      <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
        <table className={styles.table} aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className={styles.num}>
                Available
              </th>
              <th scope="col" className={styles.num}>
                Locked
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.currency} data-testid="balance-row" data-currency={account.currency} data-balance={account.balance} data-locked={account.locked}>
                <th scope="row">{account.currency.toUpperCase()}</th>
                <td className={styles.num}>{formatDecimal(account.balance)}</td>
                <td className={styles.num}>{formatDecimal(account.locked)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
