"use client";
// The tape: newest trades first, one row per trade id (data-testid="trade-row").
import { formatTimeUtc } from "@/lib/market/format";
import { formatAmount, formatPrice } from "@/lib/market/format-market";
import { useMarketLive } from "./market-live-provider";

/** The recent trades table of the market page. */
export function RecentTrades() {
  const { serverState, recentTrades, liveIds } = useMarketLive();
  const { market } = serverState;
  return (
    <section className="panel trades-panel" aria-labelledby="recent-trades-heading">
      <h2 id="recent-trades-heading" className="panel-title">
        Recent trades
      </h2>
      <div className="trades-scroll">
        <table className="trades">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Side</th>
              <th scope="col" className="num">
                Price ({market.quoteUnit.toUpperCase()})
              </th>
              <th scope="col" className="num">
                Amount ({market.baseUnit.toUpperCase()})
              </th>
            </tr>
          </thead>
          <tbody>
            {recentTrades.length === 0 ? (
              <tr>
                <td colSpan={4} className="trades-empty">
                  No trades yet. Be the first.
                </td>
              </tr>
            ) : (
              recentTrades.map((trade) => (
                <tr
                  key={trade.id}
                  data-testid="trade-row"
                  data-trade-id={trade.id}
                  className={liveIds.has(trade.id) ? `trade-live side-${trade.side}` : `side-${trade.side}`}
                >
                  <td>
                    <time dateTime={trade.createdAt}>{formatTimeUtc(trade.createdAt)}</time>
                  </td>
                  <td className="trade-side">{trade.side === "buy" ? "Buy" : "Sell"}</td>
                  <td className="num trade-price">{formatPrice(trade.price)}</td>
                  <td className="num">{formatAmount(trade.amount)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
