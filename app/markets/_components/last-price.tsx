"use client";
// The market summary's headline: the market's name (the page's heading) and its last price, coloured by
// its latest move (data-testid="last-price"). The ticker's own last price is this same number, so the
// ticker passes it in (data-testid="ticker-last") instead of showing it a second time.
import { formatDecimal } from "@/lib/market/format";
import { marketLabel } from "@/lib/market/format-market";
import { precisionOfMarket } from "@/lib/market/order-book-levels";
import { useMarketLive } from "./market-live-provider";

const ARROWS = { up: "▲", down: "▼", flat: "" } as const;
const SPOKEN = { up: ", up", down: ", down", flat: "" } as const;

/** The headline: market name and live last price; `tickerLast` is the DB-computed ticker's last price. */
export function LastPrice({ tickerLast }: { tickerLast?: string | null }) {
  const { serverState, lastPrice, direction } = useMarketLive();
  const { market } = serverState;
  const shown = lastPrice ?? tickerLast ?? null;
  const text = shown === null ? "—" : formatDecimal(shown, precisionOfMarket(market).price);
  return (
    <div className="headline">
      <h1 className="headline-market">{marketLabel(market)}</h1>
      <p className={`headline-price price-${direction}`}>
        <span className="visually-hidden">Last price </span>
        <strong data-testid="last-price">
          {tickerLast === undefined ? (
            text
          ) : (
            <span data-testid="ticker-last" data-value={tickerLast ?? ""}>
              {text}
            </span>
          )}
        </strong>
        <span className="headline-unit">{market.quoteUnit.toUpperCase()}</span>
        <span className="headline-arrow" aria-hidden="true">
          {ARROWS[direction]}
        </span>
        <span className="visually-hidden">{SPOKEN[direction]}</span>
      </p>
    </div>
  );
}
