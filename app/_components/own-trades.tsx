"use client";
// Shares the page's OwnTradeRegistry between the order form (which registers the fills each of its
// orders made) and the private alerts (which skip a confirmation of one): the form's message is those
// fills' one announcement; fills made elsewhere (another tab, another device, a later fill of a resting
// order) still alert.
import { createContext, useContext, useState, type ReactNode } from "react";
import { createOwnTradeRegistry, NO_OWN_TRADES, type OwnTradeRegistry } from "./own-trade-registry";

const OwnTradesContext = createContext<OwnTradeRegistry>(NO_OWN_TRADES);

/** Gives the order form and the private alerts below it one registry of this page's own fills. */
export function OwnTradesProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(createOwnTradeRegistry);
  return <OwnTradesContext.Provider value={registry}>{children}</OwnTradesContext.Provider>;
}

/** The page's registry of its own trades (outside a provider: none are own). */
export function useOwnTrades(): OwnTradeRegistry {
  return useContext(OwnTradesContext);
}
