"use client";
// The tape: time (with the date, in the viewer's zone or UTC: their choice), side, price, amount; newest
// first, one row per trade id; "All" / "Mine" tabs when a viewer is signed in. Prices and amounts are
// shown at the market's precision (its tick and lot sizes), padded as text (never through floats) so they
// line up. Presentational: give it trade DTOs (snapshot merged with live events). The server's HTML carries
// the newest SERVER_ROWS rows (more than the scroll region shows without scrolling); the rest are rendered
// once the page is hydrated, keeping the page's HTML and render time down.
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { TimeZoneToggle } from "@/app/markets/_components/time-zone-toggle";
import { useHydrated } from "@/app/markets/_components/use-hydrated";
import { useTimeZone } from "@/app/markets/_components/use-time-zone";
import { formatDecimal } from "@/lib/market/format";
import { formatTradeTime } from "@/lib/market/format-time";
import { isMine, mergeTrades } from "@/lib/market/live-updates";
import type { MarketPrecision } from "@/lib/market/order-book-levels";
import type { TradeDto } from "@/lib/schemas/market";
import styles from "./market-view.module.css";

type Tab = "all" | "mine";

/** Rows in the server's HTML (and during hydration); every row after it. */
const SERVER_ROWS = 20;

/** Without a market's precision: two decimals for prices, eight for amounts (the most a trade may have). */
const DEFAULT_PRECISION: MarketPrecision = { price: 2, amount: 8 };

/** An amount padded to the market's decimals; the padding zeros are dimmed so the recorded digits stand out. */
function PaddedAmount({ value, decimals }: { value: string; decimals: number }) {
  const recorded = formatDecimal(value);
  const padding = formatDecimal(value, decimals).slice(recorded.length);
  return (
    <>
      {recorded}
      {padding ? <span className="amount-pad">{padding}</span> : null}
    </>
  );
}

/** Props of RecentTrades. `myTrades` (the viewer's own, read from the DB) fill the Mine tab beyond the tape. */
export interface RecentTradesProps {
  trades: readonly TradeDto[];
  baseUnit: string;
  quoteUnit: string;
  currentUserId?: string | null;
  myTrades?: readonly TradeDto[];
  limit?: number;
  /** Ids of trades that arrived live (they flash once). */
  liveIds?: ReadonlySet<number>;
  /** The market's decimals for prices and amounts. */
  precision?: MarketPrecision;
  className?: string;
}

/** The recent trades panel (data-testid="recent-trades", one "trade-row" per trade). */
export function RecentTrades({ trades, baseUnit, quoteUnit, currentUserId, myTrades = [], limit = 50, liveIds, precision = DEFAULT_PRECISION, className }: RecentTradesProps) {
  const id = useId();
  const { zone, label: zoneName } = useTimeZone();
  const [tab, setTab] = useState<Tab>("all");
  const signedIn = Boolean(currentUserId);
  const shownTab: Tab = signedIn ? tab : "all";
  const hydrated = useHydrated();
  const rows = useMemo(() => {
    const shownLimit = hydrated ? limit : Math.min(limit, SERVER_ROWS);
    if (shownTab === "all") return mergeTrades([trades], shownLimit);
    const mine = trades.filter((trade) => isMine(trade, currentUserId));
    return mergeTrades([mine, myTrades.map((trade) => ({ ...trade, mine: true }))], shownLimit);
  }, [shownTab, trades, myTrades, currentUserId, limit, hydrated]);

  const tabs: { key: Tab; label: string }[] = [
    { key: "all", label: "All" },
    { key: "mine", label: "Mine" },
  ];

  // The ARIA tabs pattern: the selected tab is the tablist's one tab stop; arrows, Home and End select and focus another.
  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (next === undefined) return;
    setTab(next.key);
    document.getElementById(`${id}-tab-${next.key}`)?.focus();
  };

  return (
    <section className={`panel trades-panel ${className ?? ""}`} aria-labelledby={`${id}-title`} data-testid="recent-trades" data-tab={shownTab}>
      <div className={styles.header}>
        <h2 id={`${id}-title`} className="panel-title">
          Recent trades
        </h2>
        <TimeZoneToggle />
        {signedIn ? (
          <div role="tablist" aria-label="Which trades" className={styles.tabs}>
            {tabs.map(({ key, label }, index) => (
              <button
                key={key}
                type="button"
                role="tab"
                id={`${id}-tab-${key}`}
                aria-selected={shownTab === key}
                aria-controls={`${id}-panel`}
                tabIndex={shownTab === key ? 0 : -1}
                className={styles.toggle}
                onClick={() => setTab(key)}
                onKeyDown={(event) => onTabKeyDown(event, index)}
              >
                {label}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {/* Focusable, so a keyboard can scroll the tape (a tab panel or, for a visitor, a group named by the title). */}
      <div
        className="trades-scroll"
        id={`${id}-panel`}
        role={signedIn ? "tabpanel" : "group"}
        aria-labelledby={signedIn ? `${id}-tab-${shownTab}` : `${id}-title`}
        tabIndex={0}
      >
        {rows.length === 0 ? (
          <p className="trades-empty">{shownTab === "mine" ? "You have no trades in this market yet." : "No trades yet."}</p>
        ) : (
          <table className="trades">
            <thead>
              <tr>
                <th scope="col">
                  Time <span className="th-unit">({zoneName})</span>
                </th>
                <th scope="col">Side</th>
                <th scope="col" className="num">
                  Price <span className="th-unit">({quoteUnit.toUpperCase()})</span>
                </th>
                <th scope="col" className="num">
                  Amount <span className="th-unit">({baseUnit.toUpperCase()})</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((trade) => (
                <tr
                  key={trade.id}
                  data-testid="trade-row"
                  data-trade-id={trade.id}
                  data-side={trade.side}
                  className={`side-${trade.side}${liveIds?.has(trade.id) ? " trade-live" : ""}`}
                >
                  <td>
                    <time dateTime={trade.createdAt}>{formatTradeTime(trade.createdAt, zone)}</time>
                  </td>
                  <td className="trade-side">
                    {trade.side === "buy" ? "Buy" : "Sell"}
                    {signedIn && isMine(trade, currentUserId) ? <span className={styles.mineBadge}>(you)</span> : null}
                  </td>
                  <td className="num trade-price" data-value={trade.price}>
                    {formatDecimal(trade.price, precision.price)}
                  </td>
                  <td className="num trade-amount" data-value={trade.amount}>
                    <PaddedAmount value={trade.amount} decimals={precision.amount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
