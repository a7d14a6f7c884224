// The market page: the first screen is read from the DB here; client components keep it live.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { OwnTradesProvider } from "@/app/_components/own-trades";
import { PresenceWidget } from "@/app/_components/presence-widget";
import { PrivateTradeAlerts } from "@/app/_components/private-trade-alerts";
import { SignInToTrade } from "@/app/_components/sign-in-to-trade";
import { ConnectionBadge } from "@/app/markets/_components/connection-badge";
import { MarketLiveProvider } from "@/app/markets/_components/market-live-provider";
import { DepthChart } from "@/app/markets/_components/order-book/depth-chart";
import { OrderBook } from "@/app/markets/_components/order-book/order-book";
import { OrderBookProvider } from "@/app/markets/_components/order-book/order-book-provider";
import { PickedPriceProvider } from "@/app/markets/_components/picked-price";
import {
  LiveCandleChart,
  LiveMarketSelector,
  LiveRecentTrades,
  LiveTickerBar,
} from "@/app/markets/_components/market-view/live-market-view";
import { BalancesPanel } from "@/app/markets/_components/order-entry/balances-panel";
import { MyOrdersPanel } from "@/app/markets/_components/order-entry/my-orders-panel";
import { OrderForm } from "@/app/markets/_components/order-entry/order-form";
import { TraderLiveProvider } from "@/app/markets/_components/order-entry/trader-live-provider";
import { HISTORY_LIMIT, OPEN_ORDERS_LIMIT } from "@/app/markets/_components/order-entry/trader-state";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import { db } from "@/lib/db";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { readOrderEntry } from "@/lib/exchange/read-order-entry";
import { DEFAULT_CANDLE_INTERVAL, getCandlePreview } from "@/lib/market/get-candles";
import { getMarketState } from "@/lib/market/get-market-state";
import { getMarketSummaries } from "@/lib/market/get-market-summaries";
import { getMyRecentTrades } from "@/lib/market/get-recent-trades";
import { getTicker } from "@/lib/market/get-ticker";
import { marketPageTitle, SITE_NAME } from "@/lib/market/format-market";
import { getPusherClientConfig } from "@/lib/pusher/client-config";
import { PusherProvider } from "@/lib/pusher/pusher-provider";

/** Route params of /markets/[marketId]. */
interface MarketPageProps {
  params: Promise<{ marketId: string }>;
}

// One DB read per request for both the metadata and the page.
const readMarketState = cache((marketId: string) => getMarketState(marketId));

/** The title carries the last price, like peatio's. */
export async function generateMetadata({ params }: MarketPageProps): Promise<Metadata> {
  const state = await readMarketState((await params).marketId);
  return { title: state ? marketPageTitle(state.market, state.lastPrice) : `Market not found · ${SITE_NAME}` };
}

/** GET /markets/[marketId]: price, 24h ticker, chart, book, tape and, signed in, order entry (form, balances, orders), live over pusher-js. */
export default async function MarketPage({ params }: MarketPageProps) {
  const { marketId } = await params;
  const [state, markets, viewer] = await Promise.all([readMarketState(marketId), getMarketSummaries(), getSessionUser()]);
  if (!state) notFound();
  // Render-time injection of the viewer's private channel (peatio's gon): no extra round trip.
  const privateChannel = viewer ? privateChannelFor(viewer) : null;
  // The market view's first state, from the DB, in parallel: 24h ticker, the chart's preview (its history is
  // read by the browser, which draws it), the viewer's own trades, the book, and the order entry (the
  // market's rules and the member's balances and orders; a visitor has no order form, so nothing to read).
  const [ticker, chartPreview, myTrades, book, { rules, trader }] = await Promise.all([
    getTicker(state.market.id),
    getCandlePreview(state.market.id, DEFAULT_CANDLE_INTERVAL),
    viewer ? getMyRecentTrades(state.market.id, viewer.id) : [],
    readOrderBook(db, state.market.id),
    viewer ? readOrderEntry(db, state.market.id, viewer.id, { open: OPEN_ORDERS_LIMIT, history: HISTORY_LIMIT }) : { rules: null, trader: null },
  ]);
  const { baseUnit, quoteUnit } = state.market;

  return (
    <PusherProvider config={getPusherClientConfig()}>
      <MarketLiveProvider key={state.market.id} initialState={state}>
        <PickedPriceProvider>
        <OrderBookProvider initialBook={book}>
        <div className="market">
          <div className="market-bar">
            <div className="market-bar-start">
              <LiveMarketSelector markets={markets} />
              {viewer ? <PresenceWidget /> : null}
            </div>
            <ConnectionBadge />
          </div>
          {/* Market name, last price and the 24h ticker, each shown once. */}
          <LiveTickerBar initialTicker={ticker} />
          {/* Wide: chart and tape, book, order form on the right. Narrow: the order form comes first (CSS order). */}
          <TraderLiveProvider initial={trader && privateChannel ? { ...trader, marketId: state.market.id, privateChannel } : null}>
          <div className="market-grid">
            <div className="market-main">
              <LiveCandleChart preview={chartPreview} />
              <DepthChart baseUnit={baseUnit} quoteUnit={quoteUnit} />
              <LiveRecentTrades currentUserId={viewer?.id ?? null} privateChannel={privateChannel} myTrades={myTrades} />
            </div>
            {/* The book, for visitors and members alike: its levels give their price to the order form. */}
            <div className="book-column">
              <OrderBook baseUnit={baseUnit} quoteUnit={quoteUnit} />
            </div>
            {privateChannel ? (
              <OwnTradesProvider>
                <div className="trade-column">
                  {rules ? <OrderForm market={state.market} rules={rules} /> : <p className="panel">Trading is not open on this market.</p>}
                  <PrivateTradeAlerts privateChannel={privateChannel} markets={markets} />
                  <BalancesPanel />
                </div>
              </OwnTradesProvider>
            ) : (
              <div className="trade-column">
                <SignInToTrade returnTo={`/markets/${state.market.id}`} />
              </div>
            )}
          </div>
          {/* The member's open orders (with cancel) and order history, full width under the grid. */}
          {trader ? <MyOrdersPanel market={state.market} /> : null}
          </TraderLiveProvider>
        </div>
        </OrderBookProvider>
        </PickedPriceProvider>
      </MarketLiveProvider>
    </PusherProvider>
  );
}
