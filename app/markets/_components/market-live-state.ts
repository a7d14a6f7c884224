// The market page's client state: DB state from the server, live trades applied on top, and a
// re-read replacing what the DB says after every (re)subscription. Pure reducer, no I/O.
import { compareDecimals } from "@/lib/schemas/decimal";
import type { TradeDto } from "@/lib/schemas/market";
import { RECENT_TRADES_LIMIT, type MarketState } from "@/lib/schemas/market-state";
import { mergeTrades } from "@/lib/market/live-updates";

/** Which way the last price moved with the latest change. */
export type PriceDirection = "up" | "down" | "flat";

/** What the market page renders. `liveIds` are trades that arrived after the first render. */
export interface MarketLiveState {
  serverState: MarketState;
  recentTrades: TradeDto[];
  lastPrice: string | null;
  direction: PriceDirection;
  liveIds: ReadonlySet<number>;
  /** How many re-reads have been applied: other parts can refetch their own data when it changes. */
  resyncCount: number;
}

/** Live trades (events or the page's own), or a fresh server state. */
export type MarketLiveAction =
  | { type: "trades"; trades: TradeDto[] }
  | { type: "resynced"; state: MarketState }
  | { type: "price"; marketId: string; price: string };

/** The state of a page first rendered with `state`. */
export function initialMarketLiveState(state: MarketState): MarketLiveState {
  return {
    serverState: state,
    recentTrades: state.recentTrades,
    lastPrice: state.lastPrice,
    direction: "flat",
    liveIds: new Set(),
    resyncCount: 0,
  };
}

function directionOf(previous: string | null, next: string | null, fallback: PriceDirection): PriceDirection {
  if (previous === null || next === null || previous === next) return fallback;
  const order = compareDecimals(next, previous);
  return order > 0 ? "up" : order < 0 ? "down" : fallback;
}

function withTrades(state: MarketLiveState, trades: TradeDto[], serverLastPrice: string | null): Omit<MarketLiveState, "serverState" | "resyncCount"> {
  const recentTrades = trades;
  const lastPrice = recentTrades[0]?.price ?? serverLastPrice;
  return {
    recentTrades,
    lastPrice,
    direction: directionOf(state.lastPrice, lastPrice, state.direction),
    liveIds: state.liveIds,
  };
}

/** Applies one action: live trades are merged by id; a re-read is the truth, merged with newer live trades. */
export function marketLiveReducer(state: MarketLiveState, action: MarketLiveAction): MarketLiveState {
  const marketId = state.serverState.market.id;
  if (action.type === "price") {
    // A bare price_channel update naming this market (no trade to add): the price moves until the next trade or re-read.
    if (action.marketId !== marketId || action.price === state.lastPrice) return state;
    return { ...state, lastPrice: action.price, direction: directionOf(state.lastPrice, action.price, state.direction) };
  }
  if (action.type === "trades") {
    const fresh = action.trades.filter((trade) => trade.marketId === marketId && !state.recentTrades.some((t) => t.id === trade.id));
    if (fresh.length === 0) return state;
    const merged = mergeTrades([state.recentTrades, fresh], RECENT_TRADES_LIMIT);
    const liveIds = new Set([...state.liveIds, ...fresh.map((trade) => trade.id)]);
    return { ...state, ...withTrades({ ...state, liveIds }, merged, state.lastPrice) };
  }
  if (action.state.market.id !== marketId) return state;
  // Live trades newer than the read (they arrived while it was in flight) stay; older copies give way to the DB's.
  const merged = mergeTrades([action.state.recentTrades, state.recentTrades], RECENT_TRADES_LIMIT);
  return {
    ...state,
    ...withTrades(state, merged, action.state.lastPrice),
    serverState: action.state,
    resyncCount: state.resyncCount + 1,
  };
}
