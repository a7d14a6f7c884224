// Public channel and event names of the market feed (safe in the browser and on the server).

/** The seeds' public channel: every recorded trade's new price. Keep the name exactly. */
export const PRICE_CHANNEL = "price_channel";

/** The event on PRICE_CHANNEL (and on each market channel) carrying a PriceUpdate. */
export const PRICE_EVENT = "update";

/** A per-market public channel with the same `update` events, for pages that want one market only. */
export function marketChannel(marketId: string): string {
  return `market-${marketId}`;
}
