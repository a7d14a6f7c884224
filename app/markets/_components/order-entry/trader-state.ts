// The signed-in member's side of the market page as pure state: balances per currency and the member's
// orders of this market (open and recent history), from the DB at render, live `order` / `account` events
// and the order form's own answers on top, and re-reads after a reconnect. Pure reducer, no I/O.
//
// A re-read races the live events: one can arrive while the read is in flight, so the read may be older
// than what the page already shows. Each live change is stamped with an epoch (a counter); a read carries
// the epoch it started at, and whatever changed live since then is kept, everything else is replaced by
// the read; of two copies of an order the further along one wins (orders only move forward).
import type { AccountView, OrderView } from "@/lib/schemas/order";

/** How many finished orders the history keeps. */
export const HISTORY_LIMIT = 50;

/** How many open orders the page reads (the most GET /api/markets/<id>/orders gives). */
export const OPEN_ORDERS_LIMIT = 200;

/** What the balances panel, the open orders, the history and the order form read. */
export interface TraderState {
  marketId: string;
  /** Every currency, in the order the server lists them. */
  accounts: AccountView[];
  /** The member's known orders of this market: open ones and the most recent finished ones. */
  orders: OrderView[];
  /** Live changes so far (the epoch a re-read starts at). */
  epoch: number;
  /** Epoch of the last live change per currency / per order id. */
  accountEpochs: Readonly<Record<string, number>>;
  orderEpochs: Readonly<Record<string, number>>;
}

/** Everything that changes it. */
export type TraderAction =
  | { type: "account"; account: AccountView }
  | { type: "order"; order: OrderView }
  | { type: "balances-read"; accounts: AccountView[]; since: number }
  | { type: "orders-read"; scope: "open" | "history"; orders: OrderView[]; since: number };

/** The state first rendered from the DB. */
export function initialTraderState({ marketId, accounts, open, history }: { marketId: string; accounts: AccountView[]; open: OrderView[]; history: OrderView[] }): TraderState {
  return { marketId, accounts, orders: trimHistory([...open, ...history]), epoch: 0, accountEpochs: {}, orderEpochs: {} };
}

const STATE_RANK: Record<OrderView["state"], number> = { wait: 0, done: 1, cancel: 1 };

/** Whether `candidate` is at least as far along as `current` (a later change, a final state, less left to fill). */
export function isAtLeastAsRecent(candidate: OrderView, current: OrderView): boolean {
  if (candidate.updatedAt !== current.updatedAt) return candidate.updatedAt > current.updatedAt;
  if (STATE_RANK[candidate.state] !== STATE_RANK[current.state]) return STATE_RANK[candidate.state] > STATE_RANK[current.state];
  // Same time, same rank: the one with less left (amounts at the market's precision: equal lengths compare as numbers).
  return candidate.volume.length !== current.volume.length ? candidate.volume.length < current.volume.length : candidate.volume <= current.volume;
}

/** The open orders, newest first. */
export function openOrdersOf(state: TraderState): OrderView[] {
  return state.orders.filter((order) => order.state === "wait").sort((a, b) => compareDesc(a.createdAt, b.createdAt) || compareDesc(a.id, b.id));
}

/** The finished orders (done, cancelled), most recently changed first. */
export function orderHistoryOf(state: TraderState): OrderView[] {
  return state.orders.filter((order) => order.state !== "wait").sort((a, b) => compareDesc(a.updatedAt, b.updatedAt) || compareDesc(a.id, b.id));
}

/** The free balance of `currency` (null when the member has no such account listed). */
export function availableOf(state: TraderState, currency: string): string | null {
  return state.accounts.find((account) => account.currency === currency)?.balance ?? null;
}

function compareDesc(a: string, b: string): number {
  return a === b ? 0 : a < b ? 1 : -1;
}

/** Keeps every open order and the HISTORY_LIMIT most recent finished ones. */
function trimHistory(orders: OrderView[]): OrderView[] {
  const finished = orders.filter((order) => order.state !== "wait");
  if (finished.length <= HISTORY_LIMIT) return orders;
  const kept = new Set(finished.sort((a, b) => compareDesc(a.updatedAt, b.updatedAt)).slice(0, HISTORY_LIMIT).map((order) => order.id));
  return orders.filter((order) => order.state === "wait" || kept.has(order.id));
}

/** `orders` with `order` in it, unless a copy already there is further along. */
function upsertOrder(orders: OrderView[], order: OrderView): OrderView[] | null {
  const index = orders.findIndex((known) => known.id === order.id);
  if (index === -1) return [...orders, order];
  const known = orders[index];
  if (known === undefined || !isAtLeastAsRecent(order, known)) return null;
  return orders.map((candidate, at) => (at === index ? order : candidate));
}

/** Applies one action. */
export function traderReducer(state: TraderState, action: TraderAction): TraderState {
  switch (action.type) {
    case "account": {
      const { account } = action;
      const epoch = state.epoch + 1;
      const known = state.accounts.some((candidate) => candidate.currency === account.currency);
      const accounts = known ? state.accounts.map((candidate) => (candidate.currency === account.currency ? account : candidate)) : [...state.accounts, account];
      return { ...state, accounts, epoch, accountEpochs: { ...state.accountEpochs, [account.currency]: epoch } };
    }
    case "order": {
      if (action.order.marketId !== state.marketId) return state;
      const orders = upsertOrder(state.orders, action.order);
      if (orders === null) return state;
      const epoch = state.epoch + 1;
      return { ...state, orders: trimHistory(orders), epoch, orderEpochs: { ...state.orderEpochs, [action.order.id]: epoch } };
    }
    case "balances-read": {
      const changedSince = (currency: string) => (state.accountEpochs[currency] ?? 0) > action.since;
      const accounts = action.accounts.map((read) => (changedSince(read.currency) ? (state.accounts.find((live) => live.currency === read.currency) ?? read) : read));
      for (const live of state.accounts) if (changedSince(live.currency) && !accounts.some((read) => read.currency === live.currency)) accounts.push(live);
      return { ...state, accounts };
    }
    case "orders-read": {
      const inScope = (order: OrderView) => (action.scope === "open" ? order.state === "wait" : order.state !== "wait");
      const changedSince = (id: string) => (state.orderEpochs[id] ?? 0) > action.since;
      const read = action.orders.filter((order) => order.marketId === state.marketId);
      const readIds = new Set(read.map((order) => order.id));
      // Out of scope, or changed live during the read: kept as they are (the read cannot speak for them).
      let orders = state.orders.filter((order) => !inScope(order) || changedSince(order.id) || readIds.has(order.id));
      for (const order of read) {
        const known = orders.find((candidate) => candidate.id === order.id);
        // A copy further along (a change the read did not see yet) stays.
        if (known !== undefined && !isAtLeastAsRecent(order, known)) continue;
        orders = known === undefined ? [...orders, order] : orders.map((candidate) => (candidate.id === order.id ? order : candidate));
      }
      return { ...state, orders: trimHistory(orders) };
    }
  }
}
