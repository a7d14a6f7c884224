"use client";
// The market's last price, coloured by its latest move (data-testid="last-price").
import { formatPrice, marketLabel } from "@/lib/market/format-market";
import { useMarketLive } from "./market-live-provider";

const ARROWS = { up: "▲", down: "▼", flat: "" } as const;

/** The headline: market label and last price. */
export function LastPrice() {
  const { serverState, lastPrice, direction } = useMarketLive();
  const { market } = serverState;
  return (
    <div className="headline">
      <h1 className="headline-market">{marketLabel(market)}</h1>
      <p className={`headline-price price-${direction}`}>
        <span className="visually-hidden">Last price </span>
        <strong data-testid="last-price">{lastPrice === null ? "—" : formatPrice(lastPrice)}</strong>
        <span className="headline-unit">{market.quoteUnit.toUpperCase()}</span>
        <span className="headline-arrow" aria-hidden="true">
          {ARROWS[direction]}
        </span>
      </p>
    </div>
  );
}
