// The market selector: one link per market with its last price (server component).
import Link from "next/link";
import { formatPrice, marketLabel } from "@/lib/market/format-market";
import type { MarketSummary } from "@/lib/schemas/market";

/** Links to every market; the current one is marked with aria-current. */
export function MarketTabs({ markets, activeId }: { markets: MarketSummary[]; activeId: string }) {
  return (
    <nav className="market-tabs" aria-label="Markets">
      <ul>
        {markets.map((market) => (
          <li key={market.id}>
            <Link
              href={`/markets/${market.id}`}
              className="market-tab"
              aria-current={market.id === activeId ? "page" : undefined}
            >
              <span className="market-tab-label">{marketLabel(market)}</span>
              {market.last ? <span className="market-tab-price">{formatPrice(market.last)}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
