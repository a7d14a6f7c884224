// The market page's client state: live trades merged by id, re-reads win, other markets ignored.
import { describe, expect, it } from "vitest";
import { initialMarketLiveState, marketLiveReducer } from "@/app/markets/_components/market-live-state";
import type { TradeDto } from "@/lib/schemas/market";
import type { MarketState } from "@/lib/schemas/market-state";

const market = { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" };

function trade(id: number, price: string, second: number, marketId = "btcusd"): TradeDto {
  return { id, marketId, side: "buy", price, amount: "1", createdAt: `2026-01-01T00:00:${String(second).padStart(2, "0")}.000Z` };
}

function serverState(trades: TradeDto[]): MarketState {
  return { market, lastPrice: trades[0]?.price ?? null, recentTrades: trades, asOf: "2026-01-01T00:01:00.000Z" };
}

describe("marketLiveReducer", () => {
  const first = initialMarketLiveState(serverState([trade(2, "100", 2), trade(1, "99", 1)]));

  it("puts a live trade on top, moves the last price and remembers the direction", () => {
    const next = marketLiveReducer(first, { type: "trades", trades: [trade(3, "101.5", 3)] });
    expect(next.recentTrades.map((t) => t.id)).toEqual([3, 2, 1]);
    expect(next.lastPrice).toBe("101.5");
    expect(next.direction).toBe("up");
    expect(next.liveIds.has(3)).toBe(true);
    const lower = marketLiveReducer(next, { type: "trades", trades: [trade(4, "50", 4)] });
    expect(lower.direction).toBe("down");
  });

  it("shows a trade once when its event and the page's own result both arrive", () => {
    const once = marketLiveReducer(first, { type: "trades", trades: [trade(3, "101", 3)] });
    const twice = marketLiveReducer(once, { type: "trades", trades: [trade(3, "101", 3)] });
    expect(twice).toBe(once);
    expect(twice.recentTrades.filter((t) => t.id === 3)).toHaveLength(1);
  });

  it("ignores another market's trades", () => {
    expect(marketLiveReducer(first, { type: "trades", trades: [trade(9, "3000", 9, "ethusd")] })).toBe(first);
  });

  it("keeps an out-of-order older event below newer trades without moving the price", () => {
    const next = marketLiveReducer(first, { type: "trades", trades: [trade(0, "1", 0)] });
    expect(next.recentTrades.map((t) => t.id)).toEqual([2, 1, 0]);
    expect(next.lastPrice).toBe("100");
  });

  it("after a re-read, shows what the DB has (trades missed while offline) without duplicates", () => {
    const live = marketLiveReducer(first, { type: "trades", trades: [trade(3, "101", 3)] });
    const reread = serverState([trade(5, "105", 5), trade(4, "104", 4), trade(3, "101", 3), trade(2, "100", 2), trade(1, "99", 1)]);
    const next = marketLiveReducer(live, { type: "resynced", state: reread });
    expect(next.recentTrades.map((t) => t.id)).toEqual([5, 4, 3, 2, 1]);
    expect(next.lastPrice).toBe("105");
    expect(next.resyncCount).toBe(1);
    expect(next.serverState).toBe(reread);
  });

  it("keeps a live trade newer than a re-read that was already in flight", () => {
    const live = marketLiveReducer(first, { type: "trades", trades: [trade(6, "106", 6)] });
    const next = marketLiveReducer(live, { type: "resynced", state: serverState([trade(2, "100", 2), trade(1, "99", 1)]) });
    expect(next.recentTrades[0]?.id).toBe(6);
    expect(next.lastPrice).toBe("106");
  });

  it("starts empty on a market without trades and takes the first one", () => {
    const empty = initialMarketLiveState(serverState([]));
    expect(empty.lastPrice).toBeNull();
    const next = marketLiveReducer(empty, { type: "trades", trades: [trade(1, "42", 1)] });
    expect(next.lastPrice).toBe("42");
    expect(next.direction).toBe("flat");
  });
});
