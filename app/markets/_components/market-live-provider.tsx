"use client";
// Keeps the market page live: applies `market-<id>` / `update` events (this market's own channel, so the
// page never receives the other markets' trades; price_channel stays for seeds-style pages), re-reads
// the DB state after every (re)subscription (the socket is a hint, the DB is the truth), and
// keeps the page title on the last price. Children read it all with useMarketLive().
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, type ReactNode } from "react";
import { useLatestJson } from "@/app/_components/use-latest-json";
import { marketPageTitle } from "@/lib/market/format-market";
import { marketChannel, PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import type { TradeDto } from "@/lib/schemas/market";
import { marketStateSchema, type MarketState } from "@/lib/schemas/market-state";
import { priceHintSchema } from "@/lib/schemas/price-hint";
import { priceUpdateSchema, tradeFromPriceUpdate } from "@/lib/schemas/trade";
import { initialMarketLiveState, marketLiveReducer, type MarketLiveState } from "./market-live-state";

/** The live market state plus a way to apply the page's own trades at once. */
export interface MarketLiveValue extends MarketLiveState {
  applyTrade: (trade: TradeDto) => void;
}

const MarketLiveContext = createContext<MarketLiveValue | null>(null);

/** The live state of the market page's MarketLiveProvider. */
export function useMarketLive(): MarketLiveValue {
  const value = useContext(MarketLiveContext);
  if (value === null) throw new Error("useMarketLive needs a <MarketLiveProvider> above it");
  return value;
}

/** Provides the live state of the market first rendered as `initialState`. */
export function MarketLiveProvider({ initialState, children }: { initialState: MarketState; children: ReactNode }) {
  const [state, dispatch] = useReducer(marketLiveReducer, initialState, initialMarketLiveState);
  const marketId = state.serverState.market.id;
  const market = state.serverState.market;
  const reread = useLatestJson();

  const applyTrade = useCallback((trade: TradeDto) => dispatch({ type: "trades", trades: [trade] }), []);

  const channel = marketChannel(marketId);
  useChannelEvent(channel, PRICE_EVENT, (data) => {
    const parsed = priceUpdateSchema.safeParse(data);
    if (parsed.success && parsed.data.marketId === marketId) applyTrade(tradeFromPriceUpdate(parsed.data));
  });

  // price_channel carries every market's fills (already applied from this market's channel, de-duplicated by
  // trade id) and hand-sent updates: one that names this market but no trade moves the shown price.
  useChannelEvent(PRICE_CHANNEL, PRICE_EVENT, (data) => {
    if (priceUpdateSchema.safeParse(data).success) return;
    const hint = priceHintSchema.safeParse(data);
    if (hint.success) dispatch({ type: "price", marketId: hint.data.marketId, price: hint.data.price });
  });

  // pusher-js resubscribes after every reconnect: each success re-reads what was missed meanwhile.
  useChannelEvent(channel, "pusher:subscription_succeeded", () =>
    reread(`/api/markets/${encodeURIComponent(marketId)}`, marketStateSchema, (fresh) => dispatch({ type: "resynced", state: fresh })),
  );

  useEffect(() => {
    document.title = marketPageTitle(market, state.lastPrice);
  }, [market, state.lastPrice]);

  const value = useMemo(() => ({ ...state, applyTrade }), [state, applyTrade]);
  return <MarketLiveContext.Provider value={value}>{children}</MarketLiveContext.Provider>;
}
