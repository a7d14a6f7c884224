"use client";
// The ticker a live market page shows: the newest DB-computed ticker (first render, re-reads after a
// reconnect, tickers carried by events) with the live trades it has not counted applied on top.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLatestJson } from "@/app/_components/use-latest-json";
import { applyTradeToTicker, newerTicker } from "@/lib/market/live-updates";
import { tickerDtoSchema, type TickerDto, type TradeDto } from "@/lib/schemas/market";

/** What useLiveTicker returns: the ticker to render and a way to offer a DB-computed one (from an event). */
export interface LiveTicker {
  ticker: TickerDto;
  offerTicker: (ticker: TickerDto) => void;
}

/** How often the ticker is re-read from the DB while the page is open (the 24h window moves on). */
export const TICKER_REFRESH_MS = 60_000;

/**
 * Live ticker of `initial.marketId`. `trades` are the live/merged trades (any order); a change of
 * `reloadKey` re-reads GET /api/markets/[marketId]/ticker (do it after every resubscription), and so
 * does every `refreshMs`.
 */
export function useLiveTicker(
  initial: TickerDto,
  trades: readonly TradeDto[],
  reloadKey?: string | number,
  refreshMs: number = TICKER_REFRESH_MS,
): LiveTicker {
  const [dbTicker, setDbTicker] = useState(initial);
  const offerTicker = useCallback(
    (incoming: TickerDto) =>
      setDbTicker((current) => (current.marketId === incoming.marketId ? newerTicker(current, incoming) : incoming)),
    [],
  );

  const marketId = initial.marketId;
  const fetchLatest = useLatestJson();
  // Offline or aborted: the next resubscription or refresh re-reads again.
  const reread = useCallback(
    () => fetchLatest(`/api/markets/${encodeURIComponent(marketId)}/ticker`, tickerDtoSchema, offerTicker),
    [fetchLatest, marketId, offerTicker],
  );

  // Every resubscription re-reads (what happened while disconnected is in the DB only).
  const firstKey = useRef(reloadKey);
  useEffect(() => {
    if (reloadKey !== firstKey.current) reread();
  }, [reloadKey, reread]);

  // Trades age out of the 24h window without any event: re-read now and then.
  useEffect(() => {
    if (!(refreshMs > 0)) return;
    const timer = setInterval(reread, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reread]);

  const ticker = useMemo(() => {
    // A new server-rendered ticker (navigation, router.refresh()) counts like any other DB read.
    const base = newerTicker(initial, dbTicker);
    const unseen = trades
      .filter((trade) => trade.marketId === marketId && (base.lastTradeId === null || trade.id > base.lastTradeId))
      .sort((a, b) => a.id - b.id);
    return unseen.reduce(applyTradeToTicker, base);
  }, [initial, dbTicker, trades, marketId]);

  return { ticker, offerTicker };
}
