// The member's balances and orders on the market page: live events and the form's own answers applied
// by id (orders only move forward, whatever order their copies arrive in), another market's orders
// ignored, and a re-read after a reconnect taken as the truth except for what changed live while it was
// in flight.
import { describe, expect, it } from "vitest";
import { HISTORY_LIMIT, availableOf, initialTraderState, isAtLeastAsRecent, openOrdersOf, orderHistoryOf, traderReducer, type TraderAction, type TraderState } from "@/app/markets/_components/order-entry/trader-state";
import type { AccountView, OrderView } from "@/lib/schemas/order";

const T0 = "2026-12-03T10:00:00.000Z";
const T1 = "2026-12-03T10:00:01.000Z";
const T2 = "2026-12-03T10:00:02.000Z";

function order(id: string, fields: Partial<OrderView> = {}): OrderView {
  return {
    id,
    marketId: "btcusd",
    side: "sell",
    kind: "limit",
    price: "64000.00",
    volume: "0.5000",
    originVolume: "0.5000",
    filledVolume: "0.0000",
    filledFunds: "0.000000",
    averagePrice: null,
    locked: "0.50000000",
    lockCurrency: "btc",
    state: "wait",
    cancelReason: null,
    clientOrderId: null,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

const USD: AccountView = { currency: "usd", balance: "100000.00000000", locked: "0.00000000" };
const BTC: AccountView = { currency: "btc", balance: "1.50000000", locked: "0.50000000" };

function start(): TraderState {
  return initialTraderState({ marketId: "btcusd", accounts: [USD, BTC], open: [order("a")], history: [] });
}

function run(state: TraderState, ...actions: TraderAction[]): TraderState {
  return actions.reduce(traderReducer, state);
}

const filled = order("a", { volume: "0.0000", filledVolume: "0.5000", state: "done", locked: "0.00000000", updatedAt: T1 });

describe("live events", () => {
  it("moves a filled order from the open list to the history, and ignores another market's orders", () => {
    const state = run(start(), { type: "order", order: filled }, { type: "order", order: order("e", { marketId: "ethusd" }) });
    expect(openOrdersOf(state)).toEqual([]);
    expect(orderHistoryOf(state)).toEqual([filled]);
  });

  it("never moves an order back: a late copy (the form's answer after the fill's event) is ignored", () => {
    const state = run(start(), { type: "order", order: filled }, { type: "order", order: order("a") });
    expect(orderHistoryOf(state)).toEqual([filled]);
    // Same timestamp: the final state and the smaller remainder win.
    const partly = order("a", { volume: "0.2000", filledVolume: "0.3000", updatedAt: T1 });
    const sameTime = run(start(), { type: "order", order: filled }, { type: "order", order: partly });
    expect(orderHistoryOf(sameTime)).toEqual([filled]);
    expect(isAtLeastAsRecent(partly, order("a", { updatedAt: T1 }))).toBe(true);
    expect(isAtLeastAsRecent(order("a", { volume: "10.0000", updatedAt: T1 }), partly)).toBe(false);
  });

  it("lists open orders newest first and the history most recently finished first", () => {
    const state = run(
      start(),
      { type: "order", order: order("b", { createdAt: T1, updatedAt: T1 }) },
      { type: "order", order: order("c", { state: "cancel", cancelReason: "user", updatedAt: T2 }) },
      { type: "order", order: filled },
    );
    expect(openOrdersOf(state).map((o) => o.id)).toEqual(["b"]);
    expect(orderHistoryOf(state).map((o) => o.id)).toEqual(["c", "a"]);
  });

  it("keeps the history to its limit, and every open order", () => {
    const finished = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => order(`h${i}`, { state: "done", updatedAt: new Date(Date.parse(T0) + i * 1000).toISOString() }));
    const state = run(start(), ...finished.map((o): TraderAction => ({ type: "order", order: o })));
    expect(orderHistoryOf(state)).toHaveLength(HISTORY_LIMIT);
    expect(orderHistoryOf(state)[0]?.id).toBe(`h${HISTORY_LIMIT + 4}`);
    expect(openOrdersOf(state).map((o) => o.id)).toEqual(["a"]);
  });

  it("updates a balance from its account event, and tells what is available", () => {
    const state = run(start(), { type: "account", account: { currency: "btc", balance: "1.00000000", locked: "0.00000000" } });
    expect(availableOf(state, "btc")).toBe("1.00000000");
    expect(availableOf(state, "usd")).toBe("100000.00000000");
    expect(availableOf(state, "eth")).toBeNull();
  });
});

describe("re-reads after a reconnect", () => {
  it("take the read as the truth: missed fills and cancels show, orders finished meanwhile leave the open list", () => {
    let state = start();
    const since = state.epoch;
    state = run(
      state,
      { type: "orders-read", scope: "open", orders: [order("b")], since },
      { type: "orders-read", scope: "history", orders: [filled], since },
      { type: "balances-read", accounts: [USD, { currency: "btc", balance: "1.50000000", locked: "0.00000000" }], since },
    );
    expect(openOrdersOf(state).map((o) => o.id)).toEqual(["b"]);
    expect(orderHistoryOf(state)).toEqual([filled]);
    expect(state.accounts[1]).toEqual({ currency: "btc", balance: "1.50000000", locked: "0.00000000" });
  });

  it("keep what changed live while the read was in flight", () => {
    let state = start();
    const since = state.epoch;
    const placedMeanwhile = order("n", { createdAt: T2, updatedAt: T2 });
    const btcNow: AccountView = { currency: "btc", balance: "1.00000000", locked: "1.00000000" };
    state = run(state, { type: "order", order: placedMeanwhile }, { type: "account", account: btcNow });
    // The reads started before those events and do not know them.
    state = run(
      state,
      { type: "orders-read", scope: "open", orders: [order("a")], since },
      { type: "balances-read", accounts: [USD, BTC], since },
    );
    expect(openOrdersOf(state).map((o) => o.id)).toEqual(["n", "a"]);
    expect(availableOf(state, "btc")).toBe("1.00000000");
    // A read that started after them replaces them.
    const later = state.epoch;
    state = run(state, { type: "orders-read", scope: "open", orders: [], since: later }, { type: "balances-read", accounts: [USD, BTC], since: later });
    expect(openOrdersOf(state)).toEqual([]);
    expect(availableOf(state, "btc")).toBe("1.50000000");
  });

  it("never take an order back to an earlier state than one already shown", () => {
    const state = run(start(), { type: "order", order: filled });
    const stale = run(state, { type: "orders-read", scope: "open", orders: [order("a")], since: state.epoch });
    expect(openOrdersOf(stale)).toEqual([]);
    expect(orderHistoryOf(stale)).toEqual([filled]);
  });
});
