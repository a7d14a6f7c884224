"use client";
// The member's orders of this market: the open ones, each with a Cancel button, and Cancel all; below
// them the history (done and cancelled). Live from the private channel's `order` events, the cancel
// actions' own answers applied at once, re-read after a reconnect (TraderLiveProvider). A cancel whose
// call got no answer re-reads the lists instead of guessing: cancelling is safe to repeat.
import { unstable_rethrow } from "next/navigation";
import { useActionState, useId, useRef, type FormEvent } from "react";
import { cancelAllOrdersAction } from "@/app/markets/[marketId]/cancel-all-orders-action";
import { cancelOrderAction } from "@/app/markets/[marketId]/cancel-order-action";
import { formatDecimal } from "@/lib/market/format";
import { formatPrice } from "@/lib/market/format-market";
import { formatTradeTime } from "@/lib/market/format-time";
import type { MarketSummary } from "@/lib/schemas/market";
import { initialCancelOrderState, type CancelOrderState, type OrderView } from "@/lib/schemas/order";
import { useTimeZone } from "../use-time-zone";
import { openOrdersOf, orderHistoryOf } from "./trader-state";
import { useTraderLive } from "./trader-live-provider";
import styles from "./order-entry.module.css";

/** Said when a cancel call got no answer (nothing is claimed; the lists are re-read). */
const CANCEL_UNREACHABLE_MESSAGE = "Couldn't reach the server. Your orders are being re-read; try again if the order is still open.";

/** What the history says an order came to. */
function outcomeOf(order: OrderView): string {
  if (order.state === "done") return "Filled";
  const filled = /[1-9]/.test(order.filledVolume);
  if (order.cancelReason === "market-remainder") return filled ? "Partly filled, rest cancelled" : "Nothing to fill: cancelled";
  if (order.cancelReason === "self-trade") return filled ? "Partly filled, then cancelled (self-trade)" : "Cancelled (self-trade)";
  return filled ? "Partly filled, then cancelled" : "Cancelled";
}

/** The open orders and order history of `market` (data-testid="open-order" / "history-order" rows); nothing outside a signed-in page. */
export function MyOrdersPanel({ market }: { market: MarketSummary }) {
  const id = useId();
  const trader = useTraderLive();
  // Times as the tape shows them: with the date, in the viewer's zone or UTC (the page's one choice).
  const { zone, label } = useTimeZone();
  const base = market.baseUnit.toUpperCase();
  const quote = market.quoteUnit.toUpperCase();
  // Set on submit, cleared when the action settles: a second submit in between is ignored.
  const inFlight = useRef(false);

  const [state, cancelAction, pending] = useActionState(async (previous: CancelOrderState, formData: FormData): Promise<CancelOrderState> => {
    try {
      const all = formData.get("orderId") === null;
      const next = all ? await cancelAllOrdersAction(previous, formData) : await cancelOrderAction(previous, formData);
      if (next.status === "success") for (const order of next.cancelled) trader?.applyOrder(order);
      // A refusal may mean the list is out of date (an order filled or cancelled elsewhere): re-read it.
      if (next.status === "error") trader?.refreshOrders();
      trader?.refreshBalances();
      return next;
    } catch (error) {
      unstable_rethrow(error);
      trader?.refreshOrders();
      trader?.refreshBalances();
      return { status: "error", code: "failed", message: CANCEL_UNREACHABLE_MESSAGE };
    } finally {
      inFlight.current = false;
    }
  }, initialCancelOrderState);

  if (trader === null) return null;
  const open = openOrdersOf(trader.state);
  const history = orderHistoryOf(trader.state);

  function guard(event: FormEvent<HTMLFormElement>) {
    if (pending || inFlight.current) event.preventDefault();
    else inFlight.current = true;
  }

  const describe = (order: OrderView) => `${order.side === "buy" ? "buy" : "sell"} ${formatDecimal(order.volume)} ${base} at ${order.price === null ? "market" : `${formatPrice(order.price)} ${quote}`}`;

  return (
    <section className={`panel ${styles.ordersPanel}`} aria-labelledby={`${id}-title`} data-testid="my-orders">
      <h2 id={`${id}-title`} className="panel-title">
        My orders · {base}/{quote}
      </h2>

      <div className={styles.ordersHeader}>
        <h3 id={`${id}-open`} className={styles.subheading}>
          Open orders ({open.length})
        </h3>
        <form action={cancelAction} onSubmit={guard}>
          <input type="hidden" name="marketId" value={market.id} />
          <button type="submit" className={styles.smallButton} aria-disabled={pending || open.length === 0}>
            Cancel all
          </button>
        </form>
      </div>
      {open.length === 0 ? (
        <p className={styles.empty}>No open orders in this market.</p>
      ) : (
        // Focusable and named: a keyboard can scroll a table wider than the panel.
        <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby={`${id}-open`}>
          <table className={styles.table} aria-labelledby={`${id}-open`}>
            <thead>
              <tr>
                <th scope="col">Placed ({label})</th>
                <th scope="col">Side</th>
                <th scope="col" className={styles.num}>
                  Price ({quote})
                </th>
                <th scope="col" className={styles.num}>
                  Amount ({base})
                </th>
                <th scope="col" className={styles.num}>
                  Filled ({base})
                </th>
                <th scope="col">
                  <span className="visually-hidden">Cancel</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {open.map((order) => (
                <tr key={order.id} data-testid="open-order" data-order-id={order.id} data-side={order.side} data-price={order.price ?? ""} data-volume={order.volume}>
                  <td>
                    <time dateTime={order.createdAt}>{formatTradeTime(order.createdAt, zone)}</time>
                  </td>
                  <td className={order.side === "buy" ? styles.buy : styles.sell}>{order.side === "buy" ? "Buy" : "Sell"}</td>
                  <td className={styles.num}>{order.price === null ? "Market" : formatPrice(order.price)}</td>
                  <td className={styles.num}>{formatDecimal(order.originVolume)}</td>
                  <td className={styles.num}>{formatDecimal(order.filledVolume)}</td>
                  <td>
                    <form action={cancelAction} onSubmit={guard}>
                      <input type="hidden" name="marketId" value={market.id} />
                      <input type="hidden" name="orderId" value={order.id} />
                      <button type="submit" className={styles.smallButton} aria-disabled={pending} aria-label={`Cancel ${describe(order)}`}>
                        Cancel
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <p className={styles.feedback} role="status" aria-live="polite" data-testid="cancel-feedback">
        {state.status === "idle" || pending ? null : (
          <span className={state.status === "error" ? "form-error" : "form-success"} data-code={state.status === "error" ? state.code : undefined}>
            {state.message}
          </span>
        )}
      </p>

      <h3 id={`${id}-history`} className={styles.subheading}>
        Order history
      </h3>
      {history.length === 0 ? (
        <p className={styles.empty}>No finished orders in this market yet.</p>
      ) : (
        <div className={styles.scroll} tabIndex={0} role="region" aria-labelledby={`${id}-history`}>
          <table className={styles.table} aria-labelledby={`${id}-history`}>
            <thead>
              <tr>
                <th scope="col">Updated ({label})</th>
                <th scope="col">Side</th>
                <th scope="col">Type</th>
                <th scope="col" className={styles.num}>
                  Price ({quote})
                </th>
                <th scope="col" className={styles.num}>
                  Average ({quote})
                </th>
                <th scope="col" className={styles.num}>
                  Filled / amount ({base})
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {history.map((order) => (
                <tr key={order.id} data-testid="history-order" data-order-id={order.id} data-state={order.state}>
                  <td>
                    <time dateTime={order.updatedAt}>{formatTradeTime(order.updatedAt, zone)}</time>
                  </td>
                  <td className={order.side === "buy" ? styles.buy : styles.sell}>{order.side === "buy" ? "Buy" : "Sell"}</td>
                  <td>{order.kind === "limit" ? "Limit" : "Market"}</td>
                  <td className={styles.num}>{order.price === null ? "—" : formatPrice(order.price)}</td>
                  <td className={styles.num}>{order.averagePrice === null ? "—" : formatPrice(order.averagePrice)}</td>
                  <td className={styles.num}>
                    {formatDecimal(order.filledVolume)} / {formatDecimal(order.originVolume)}
                  </td>
                  <td>{outcomeOf(order)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
