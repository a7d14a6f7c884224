// Public channel and event names of the market feed (safe in the browser and on the server).

/** The seeds' public channel: every recorded trade's new price. Keep the name exactly. */
export const PRICE_CHANNEL = "price_channel";

/** The event on PRICE_CHANNEL (and on each market channel) carrying a PriceUpdate. */
export const PRICE_EVENT = "update";

/** A per-market public channel with the same `update` events, for pages that want one market only. */
export function marketChannel(marketId: string): string {
  return `market-${marketId}`;
}

/** peatio's per-market public channel of the exchange: `update` (the book) and `trades` (new fills). */
export function marketGlobalChannel(marketId: string): string {
  return `market-${marketId}-global`;
}

/** Event on marketGlobalChannel carrying the book {asks, bids, sequence}. */
export const BOOK_EVENT = "update";

/** Event on marketGlobalChannel carrying new fills {trades: [...]}. */
export const TRADES_EVENT = "trades";

/** peatio's public channel of every market's ticker. */
export const MARKET_GLOBAL_CHANNEL = "market-global";

/** Event on MARKET_GLOBAL_CHANNEL carrying every market's ticker by market id. */
export const TICKERS_EVENT = "tickers";

/** Private event on a member's channel: one of their orders changed (the fill event is PRIVATE_TRADE_EVENT, "trade"). */
export const PRIVATE_ORDER_EVENT = "order";

/** Private event on a member's channel: one of their balances changed. */
export const PRIVATE_ACCOUNT_EVENT = "account";
