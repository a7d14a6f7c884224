// The 24h ticker bar: last price, 24h change (absolute and %), high, low, volume, coloured by
// direction with the direction also spelled out for screen readers. Presentational: give it a DTO.
// With a `headline` (market name and last price), that takes the last price's place: shown once.
import type { ReactNode } from "react";
import { formatDecimal, formatPercent, formatSigned } from "@/lib/market/format";
import type { MarketPrecision } from "@/lib/market/order-book-levels";
import type { Direction, TickerDto } from "@/lib/schemas/market";
import styles from "./market-view.module.css";

const ARROWS: Record<Direction, string> = { up: "▲", down: "▼", flat: "" };
const SPOKEN: Record<Direction, string> = { up: "up", down: "down", flat: "unchanged" };

/** Props of TickerBar: the DB-computed ticker and the market's units. */
export interface TickerBarProps {
  ticker: TickerDto;
  baseUnit: string;
  quoteUnit: string;
  /** Shown first instead of the ticker's "Last price" item (it must carry data-testid="ticker-last"). */
  headline?: ReactNode;
  /** The market's decimals for prices and amounts (default: two for prices, amounts as recorded). */
  precision?: MarketPrecision;
  className?: string;
}

/** The ticker (data-testid="ticker", "ticker-last", "ticker-change"; data-direction=up|down|flat). */
export function TickerBar({ ticker, baseUnit, quoteUnit, headline, precision = { price: 2, amount: 0 }, className }: TickerBarProps) {
  const quote = quoteUnit.toUpperCase();
  const base = baseUnit.toUpperCase();
  const tone = styles[ticker.direction];
  return (
    <section
      className={`panel ${styles.summary} ${className ?? ""}`}
      aria-label={headline ? `${base}/${quote} market summary` : `${base}/${quote} 24 hour ticker`}
      data-testid="ticker"
      data-direction={ticker.direction}
      data-last-trade-id={ticker.lastTradeId ?? ""}
    >
      {headline}
      <dl className={styles.ticker}>
        {headline ? null : (
          <div className={`${styles.tickerItem} ${styles.tickerLast}`}>
            <dt>Last price</dt>
            <dd className={tone}>
              <span data-testid="ticker-last" data-value={ticker.last ?? ""}>
                {formatDecimal(ticker.last, precision.price)}
              </span>
              <span className={styles.unit}>{quote}</span>
            </dd>
          </div>
        )}
        <div className={styles.tickerItem}>
          <dt>24h change</dt>
          <dd className={tone} data-testid="ticker-change" data-value={ticker.change ?? ""} data-percent={ticker.changePercent ?? ""}>
            <span aria-hidden="true">{ARROWS[ticker.direction]} </span>
            <span className={styles.srOnly}>{SPOKEN[ticker.direction]} </span>
            {formatSigned(ticker.change, precision.price)} ({formatPercent(ticker.changePercent)})
          </dd>
        </div>
        <div className={styles.tickerItem}>
          <dt>24h high</dt>
          <dd data-testid="ticker-high">{formatDecimal(ticker.high, precision.price)}</dd>
        </div>
        <div className={styles.tickerItem}>
          <dt>24h low</dt>
          <dd data-testid="ticker-low">{formatDecimal(ticker.low, precision.price)}</dd>
        </div>
        <div className={styles.tickerItem}>
          <dt>24h volume</dt>
          <dd data-testid="ticker-volume" data-value={ticker.volume}>
            {formatDecimal(ticker.volume, precision.amount)}
            <span className={styles.unit}>{base}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
