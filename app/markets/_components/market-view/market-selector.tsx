// Links between markets, the current one marked with aria-current. The other markets show their last
// price; the current one does not (the summary right below shows it). Presentational.
import Link from "next/link";
import { formatDecimal } from "@/lib/market/format";
import type { MarketSummary } from "@/lib/schemas/market";
import styles from "./market-view.module.css";

/** Props of MarketSelector: every market (with its last price when known) and the one shown. */
export interface MarketSelectorProps {
  markets: readonly MarketSummary[];
  currentMarketId: string;
  className?: string;
}

/** The market selector (data-testid="market-selector", one "market-link" per market). */
export function MarketSelector({ markets, currentMarketId, className }: MarketSelectorProps) {
  return (
    <nav aria-label="Markets" className={className} data-testid="market-selector">
      <ul className={styles.markets}>
        {markets.map((market) => {
          const current = market.id === currentMarketId;
          return (
            <li key={market.id}>
              <Link
                href={`/markets/${encodeURIComponent(market.id)}`}
                className={styles.marketLink}
                aria-current={current ? "page" : undefined}
                data-testid="market-link"
                data-market-id={market.id}
                prefetch={false}
              >
                <span>{`${market.baseUnit.toUpperCase()}/${market.quoteUnit.toUpperCase()}`}</span>
                {current ? null : <span className={styles.marketPrice}>{formatDecimal(market.last ?? null, 2)}</span>}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
