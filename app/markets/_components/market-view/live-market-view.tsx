"use client";
// The market-view blocks wired to the market page's live state (MarketLiveProvider): live trades
// from `market-<id>` / `update`, and a re-read of ticker and candles after every resubscription.
// Each block renders where the page puts it; all read the same provider.
import { useState } from "react";
import { usePrivateTrades } from "@/app/_components/use-private-trades";
import { LastPrice } from "@/app/markets/_components/last-price";
import { useMarketLive } from "@/app/markets/_components/market-live-provider";
import { isMine, mergeTrades } from "@/lib/market/live-updates";
import { precisionOfMarket } from "@/lib/market/order-book-levels";
import { tradeSideSchema, type CandlePreview, type MarketSummary, type TickerDto, type TradeDto } from "@/lib/schemas/market";
import { CandleChart } from "./candle-chart";
import { MarketSelector } from "./market-selector";
import { RecentTrades } from "./recent-trades";
import { TickerBar } from "./ticker-bar";
import { useLiveTicker } from "./use-live-ticker";

/**
 * The market summary: name and last price as the headline, then the 24h ticker (DB-computed at render
 * and on every resubscription, live trades applied between).
 */
export function LiveTickerBar({ initialTicker }: { initialTicker: TickerDto }) {
  const { serverState, recentTrades, resyncCount } = useMarketLive();
  const { ticker } = useLiveTicker(initialTicker, recentTrades, resyncCount);
  const { market } = serverState;
  return (
    <TickerBar
      ticker={ticker}
      baseUnit={market.baseUnit}
      quoteUnit={market.quoteUnit}
      headline={<LastPrice tickerLast={ticker.last} />}
      precision={precisionOfMarket(market)}
    />
  );
}

/** The candle chart: the server's preview, the history read once the page runs, live trades on the last candle, re-read on every resubscription. */
export function LiveCandleChart({ preview }: { preview: CandlePreview }) {
  const { serverState, recentTrades, resyncCount } = useMarketLive();
  return <CandleChart marketId={serverState.market.id} preview={preview} trades={recentTrades} reloadKey={resyncCount} precision={precisionOfMarket(serverState.market)} />;
}

/** The market selector, the current market marked (its live price is in the summary). */
export function LiveMarketSelector({ markets }: { markets: MarketSummary[] }) {
  const { serverState } = useMarketLive();
  return <MarketSelector markets={markets} currentMarketId={serverState.market.id} />;
}

/** Props of LiveRecentTrades: the viewer (for the Mine tab), their private channel and own trades read at render. */
export interface LiveRecentTradesProps {
  currentUserId?: string | null;
  privateChannel?: string | null;
  myTrades?: TradeDto[];
}

/**
 * The tape with All / Mine tabs. The viewer's trades are those read at render plus every trade their
 * private channel confirms (also from other tabs); kept here so a re-read of the public tape, which
 * carries no owner, does not drop them.
 */
export function LiveRecentTrades({ currentUserId = null, privateChannel = null, myTrades = [] }: LiveRecentTradesProps) {
  const { serverState, recentTrades, liveIds } = useMarketLive();
  const { market } = serverState;
  const [mine, setMine] = useState<TradeDto[]>(myTrades);

  usePrivateTrades(currentUserId ? privateChannel : null, ({ trade: confirmed }) => {
    const side = tradeSideSchema.safeParse(confirmed.side);
    if (!side.success || confirmed.marketId !== market.id) return;
    const trade: TradeDto = { ...confirmed, side: side.data, mine: true };
    setMine((current) => mergeTrades([current, [trade]], 100));
  });

  // Own trades that reached the tape marked as the viewer's (e.g. the form's own result).
  const unseen = recentTrades.filter((trade) => isMine(trade, currentUserId) && !mine.some((m) => m.id === trade.id));
  if (unseen.length > 0) setMine(mergeTrades([mine, unseen.map((trade) => ({ ...trade, mine: true }))], 100));

  const mineIds = new Set(mine.map((trade) => trade.id));
  const trades = recentTrades.map((trade) => (mineIds.has(trade.id) && !trade.mine ? { ...trade, mine: true } : trade));
  return (
    <RecentTrades
      trades={trades}
      myTrades={mine}
      currentUserId={currentUserId}
      liveIds={liveIds}
      baseUnit={market.baseUnit}
      quoteUnit={market.quoteUnit}
      precision={precisionOfMarket(market)}
    />
  );
}
