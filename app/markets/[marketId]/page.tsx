// The market page: the first screen is read from the DB here; client components keep it live.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PresenceWidget } from "@/app/_components/presence-widget";
import { PrivateTradeAlerts } from "@/app/_components/private-trade-alerts";
import { SignInToTrade } from "@/app/_components/sign-in-to-trade";
import { ConnectionBadge } from "@/app/markets/_components/connection-badge";
import { LastPrice } from "@/app/markets/_components/last-price";
import { MarketLiveProvider } from "@/app/markets/_components/market-live-provider";
import { MarketTabs } from "@/app/markets/_components/market-tabs";
import { RecentTrades } from "@/app/markets/_components/recent-trades";
import { TradeForm } from "@/app/markets/_components/trade-form";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import { getMarketState } from "@/lib/market/get-market-state";
import { getMarketSummaries } from "@/lib/market/get-market-summaries";
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

/** GET /markets/[marketId]: price, trade form and recent trades, live over pusher-js. */
export default async function MarketPage({ params }: MarketPageProps) {
  const { marketId } = await params;
  const [state, markets, viewer] = await Promise.all([readMarketState(marketId), getMarketSummaries(), getSessionUser()]);
  if (!state) notFound();
  // Render-time injection of the viewer's private channel (peatio's gon): no extra round trip.
  const privateChannel = viewer ? privateChannelFor(viewer) : null;

  return (
    <PusherProvider config={getPusherClientConfig()}>
      <MarketLiveProvider key={state.market.id} initialState={state}>
        <div className="market">
          <div className="market-bar">
            <MarketTabs markets={markets} activeId={state.market.id} />
            {viewer ? <PresenceWidget /> : null}
            <ConnectionBadge />
          </div>
          <LastPrice />
          <div className="market-grid">
            <RecentTrades />
            {privateChannel ? (
              <div>
                <TradeForm market={state.market} />
                <PrivateTradeAlerts privateChannel={privateChannel} />
              </div>
            ) : (
              <SignInToTrade returnTo={`/markets/${state.market.id}`} />
            )}
          </div>
        </div>
      </MarketLiveProvider>
    </PusherProvider>
  );
}
