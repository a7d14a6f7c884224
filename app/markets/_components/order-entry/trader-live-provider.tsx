"use client";
// Keeps the signed-in member's balances and orders of this market live: the DB's state at render, the
// private channel's `order` and `account` events on top, the order form's and the cancel buttons' own
// answers at once, and a re-read of GET /api/balances and GET /api/markets/<id>/orders (open and history)
// after every (re)subscription of the private channel, so nothing that happened while the socket was down
// is missed. Outside a signed-in page (no `initial`) it provides nothing: useTraderLive() is then null.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from "react";
import { useLatestJson } from "@/app/_components/use-latest-json";
import { PRIVATE_ACCOUNT_EVENT, PRIVATE_ORDER_EVENT } from "@/lib/pusher/channels";
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import { accountViewSchema, balancesSchema, myOrdersSchema, privateOrderEventSchema, type AccountView, type OrderView } from "@/lib/schemas/order";
import { HISTORY_LIMIT, OPEN_ORDERS_LIMIT, initialTraderState, traderReducer, type TraderState } from "./trader-state";

/** What the page rendered for the member: their balances and their open and finished orders of the market. */
export interface TraderInitial {
  marketId: string;
  privateChannel: string;
  accounts: AccountView[];
  open: OrderView[];
  history: OrderView[];
}

/** The live state and what the form and the order lists do with their own answers. */
export interface TraderLiveValue {
  state: TraderState;
  /** An order as an action answered it (placed, cancelled): shown at once. */
  applyOrder: (order: OrderView) => void;
  /** Re-reads the balances (after an action, whose account events may be delayed or lost). */
  refreshBalances: () => void;
  /** Re-reads the open orders and the history (after an action call that got no answer). */
  refreshOrders: () => void;
}

const TraderLiveContext = createContext<TraderLiveValue | null>(null);

/** The member's live balances and orders; null on a page without a signed-in member. */
export function useTraderLive(): TraderLiveValue | null {
  return useContext(TraderLiveContext);
}

/** Provides the member's live balances and orders (nothing when `initial` is null: signed out). */
export function TraderLiveProvider({ initial, children }: { initial: TraderInitial | null; children: ReactNode }) {
  if (initial === null) return children;
  return <SignedInTraderLive initial={initial}>{children}</SignedInTraderLive>;
}

function SignedInTraderLive({ initial, children }: { initial: TraderInitial; children: ReactNode }) {
  const { marketId, privateChannel } = initial;
  const [state, dispatch] = useReducer(traderReducer, initial, initialTraderState);
  // The epoch a re-read starts at (live changes after it win over the read): the latest, outside render.
  const epoch = useRef(state.epoch);
  useEffect(() => {
    epoch.current = state.epoch;
  }, [state.epoch]);
  const readBalances = useLatestJson();
  const readOpen = useLatestJson();
  const readHistory = useLatestJson();

  const refreshBalances = useCallback(() => {
    const since = epoch.current;
    readBalances("/api/balances", balancesSchema, ({ accounts }) => dispatch({ type: "balances-read", accounts, since }));
  }, [readBalances]);

  const refreshOrders = useCallback(() => {
    const since = epoch.current;
    const base = `/api/markets/${encodeURIComponent(marketId)}/orders`;
    readOpen(`${base}?scope=open&limit=${OPEN_ORDERS_LIMIT}`, myOrdersSchema, ({ orders }) => dispatch({ type: "orders-read", scope: "open", orders, since }));
    readHistory(`${base}?scope=history&limit=${HISTORY_LIMIT}`, myOrdersSchema, ({ orders }) => dispatch({ type: "orders-read", scope: "history", orders, since }));
  }, [marketId, readOpen, readHistory]);

  useChannelEvent(privateChannel, PRIVATE_ORDER_EVENT, (data) => {
    const parsed = privateOrderEventSchema.safeParse(data);
    if (parsed.success) dispatch({ type: "order", order: parsed.data.order });
  });
  useChannelEvent(privateChannel, PRIVATE_ACCOUNT_EVENT, (data) => {
    const parsed = accountViewSchema.safeParse(data);
    if (parsed.success) dispatch({ type: "account", account: parsed.data });
  });
  // pusher-js resubscribes after every reconnect: each success re-reads what the socket may have missed.
  useChannelEvent(privateChannel, "pusher:subscription_succeeded", () => {
    refreshBalances();
    refreshOrders();
  });

  const applyOrder = useCallback((order: OrderView) => dispatch({ type: "order", order }), []);
  const value = useMemo(() => ({ state, applyOrder, refreshBalances, refreshOrders }), [state, applyOrder, refreshBalances, refreshOrders]);
  return <TraderLiveContext.Provider value={value}>{children}</TraderLiveContext.Provider>;
}
