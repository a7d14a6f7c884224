// The market maker's log: summary lines by default (per interval and at the end), one line per trade
// with --verbose. Fake timers drive the interval (no waiting).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TradeDto } from "@/lib/schemas/market";
import { startTradeLog } from "@/lib/simulator/trade-log";

function trade(id: number, marketId: string, price: string): TradeDto {
  return { id, marketId, side: "buy", price, amount: "0.5", createdAt: "2026-01-01T00:00:00.000Z" };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("startTradeLog", () => {
  it("prints one summary per interval, none for a quiet interval, and the rest at stop", () => {
    const lines: string[] = [];
    const log = startTradeLog({ verbose: false, everyMs: 10_000, log: (line) => lines.push(line) });
    log.onTrade(trade(1, "btcusd", "100.5"), true);
    log.onTrade(trade(2, "btcusd", "101"), false);
    log.onTrade(trade(3, "ethusd", "30"), true);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(lines).toEqual(["3 trade(s) in the last 10 s: btcusd 2 (last 101), ethusd 1 (last 30); 1 not announced"]);
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(1);
    log.onTrade(trade(4, "btcusd", "102"), true);
    vi.advanceTimersByTime(3_000);
    log.stop();
    expect(lines[1]).toBe("1 trade(s) in the last 3 s: btcusd 1 (last 102)");
    vi.advanceTimersByTime(30_000);
    expect(lines).toHaveLength(2);
  });

  it("prints every trade with verbose, and no summaries", () => {
    const lines: string[] = [];
    const log = startTradeLog({ verbose: true, everyMs: 10_000, log: (line) => lines.push(line) });
    log.onTrade(trade(7, "btcusd", "100.5"), true);
    log.onTrade(trade(8, "btcusd", "99"), false);
    vi.advanceTimersByTime(20_000);
    log.stop();
    expect(lines).toEqual(["btcusd #7 buy 0.5 @ 100.5", "btcusd #8 buy 0.5 @ 99 (not announced)"]);
  });
});
