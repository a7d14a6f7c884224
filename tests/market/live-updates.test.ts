// Live merges (tape de-duplication, newest ticker, trade applied to a ticker) and text formatting.
import { describe, expect, it } from "vitest";
import { formatDecimal, formatPercent, formatSigned, formatTimeUtc, MISSING } from "@/lib/market/format";
import { applyTradeToTicker, isMine, mergeTrades, newerTicker, tapeCoversSince } from "@/lib/market/live-updates";
import { computeTicker } from "@/lib/market/ticker";
import type { TickerDto, TradeDto } from "@/lib/schemas/market";

const NOW = new Date("2025-03-10T12:00:00.000Z");

function dto(id: number, price: string, amount: string, createdAt: string, extra: Partial<TradeDto> = {}): TradeDto {
  return { id, marketId: "btcusd", side: "buy", price, amount, createdAt, ...extra };
}

function tickerOf(trades: TradeDto[], now = NOW): TickerDto {
  return { marketId: "btcusd", ...computeTicker(trades, now), asOf: now.toISOString() };
}

describe("tapeCoversSince (does a re-read tape hold every trade since a chart's history?)", () => {
  const at = (id: number, marketId = "btcusd") => dto(id, "100", "1", `2025-03-10T11:00:${String(id % 60).padStart(2, "0")}.000Z`, { marketId });
  const full = [12, 11, 10].map((id) => at(id));

  it("yes when the full tape reaches back to a trade the history counts", () => {
    expect(tapeCoversSince(full, "btcusd", 10, 3)).toBe(true);
    expect(tapeCoversSince(full, "btcusd", 11, 3)).toBe(true);
  });

  it("no when every trade of a full tape is newer than the history: trades in between may be missing", () => {
    expect(tapeCoversSince(full, "btcusd", 9, 3)).toBe(false);
    expect(tapeCoversSince(full, "btcusd", null, 3)).toBe(false);
  });

  it("yes when the tape is not full: it holds every trade the market has", () => {
    expect(tapeCoversSince(full.slice(0, 2), "btcusd", 1, 3)).toBe(true);
    expect(tapeCoversSince([], "btcusd", null, 3)).toBe(true);
  });

  it("counts only the market's own trades", () => {
    const mixed = [at(12), at(11), at(5, "ethusd")];
    expect(tapeCoversSince(mixed, "btcusd", 9, 3)).toBe(true);
    expect(tapeCoversSince([at(12), at(11), at(10), at(5, "ethusd")], "btcusd", 9, 3)).toBe(false);
    expect(tapeCoversSince([at(12), at(11), at(10), at(5, "ethusd")], "btcusd", 5, 3)).toBe(false);
  });
});

describe("mergeTrades", () => {
  const snapshot = [dto(3, "102", "1", "2025-03-10T11:00:03.000Z"), dto(2, "101", "1", "2025-03-10T11:00:02.000Z")];

  it("de-duplicates a live event that overlaps a re-read, newest first", () => {
    const live = [dto(4, "103", "1", "2025-03-10T11:00:04.000Z"), dto(3, "102", "1", "2025-03-10T11:00:03.000Z")];
    expect(mergeTrades([snapshot, live], 10).map((t) => t.id)).toEqual([4, 3, 2]);
  });

  it("orders equal timestamps by id and caps the length", () => {
    const tied = [dto(7, "1", "1", "2025-03-10T11:00:05.000Z"), dto(8, "1", "1", "2025-03-10T11:00:05.000Z")];
    expect(mergeTrades([snapshot, tied], 3).map((t) => t.id)).toEqual([8, 7, 3]);
    expect(mergeTrades([snapshot], 0)).toEqual([]);
  });

  it("keeps the viewer's mark from any copy", () => {
    const merged = mergeTrades([snapshot, [{ ...snapshot[0]!, mine: true }]], 10);
    expect(merged[0]).toMatchObject({ id: 3, mine: true });
  });
});

describe("isMine", () => {
  it("accepts the mine flag or the viewer's user id", () => {
    expect(isMine(dto(1, "1", "1", NOW.toISOString(), { mine: true }))).toBe(true);
    expect(isMine(dto(1, "1", "1", NOW.toISOString(), { userId: "u1" }), "u1")).toBe(true);
    expect(isMine(dto(1, "1", "1", NOW.toISOString(), { userId: "u2" }), "u1")).toBe(false);
    expect(isMine(dto(1, "1", "1", NOW.toISOString()), null)).toBe(false);
  });
});

describe("newerTicker", () => {
  const older = tickerOf([dto(1, "100", "1", "2025-03-10T11:00:00.000Z")]);
  const newer = tickerOf([dto(1, "100", "1", "2025-03-10T11:00:00.000Z"), dto(2, "110", "1", "2025-03-10T11:30:00.000Z")]);

  it("prefers the ticker that saw the newer trade, whatever the arrival order", () => {
    expect(newerTicker(older, newer)).toBe(newer);
    expect(newerTicker(newer, older)).toBe(newer);
  });

  it("prefers the later computation for the same trade, and ignores other markets", () => {
    const later = { ...older, asOf: "2025-03-10T12:00:01.000Z", volume: "0" };
    expect(newerTicker(older, later)).toBe(later);
    expect(newerTicker(older, { ...newer, marketId: "ethusd" })).toBe(older);
  });
});

describe("applyTradeToTicker", () => {
  it("matches computeTicker when trades arrive live within the window", () => {
    const trades = [
      dto(1, "100.1", "0.1", "2025-03-10T10:00:00.000Z"),
      dto(2, "99.95", "0.2", "2025-03-10T10:30:00.000Z"),
      dto(3, "100.35", "0.00000001", "2025-03-10T11:00:00.000Z"),
      dto(4, "98765432.12345678", "3", "2025-03-10T11:30:00.000Z"),
    ];
    let live = tickerOf([], NOW);
    for (const trade of trades) live = applyTradeToTicker(live, trade);
    expect({ ...live, asOf: null }).toEqual({ ...tickerOf(trades), asOf: null });
    expect(live.volume).toBe("3.30000001");
  });

  it("ignores a trade already counted (id at or below lastTradeId) and other markets", () => {
    const base = tickerOf([dto(5, "100", "1", "2025-03-10T11:00:00.000Z")]);
    expect(applyTradeToTicker(base, dto(5, "200", "1", "2025-03-10T11:00:00.000Z"))).toBe(base);
    expect(applyTradeToTicker(base, dto(4, "200", "1", "2025-03-10T10:00:00.000Z"))).toBe(base);
    expect(applyTradeToTicker(base, dto(6, "200", "1", NOW.toISOString(), { marketId: "ethusd" }))).toBe(base);
  });

  it("starts a window from a market whose trades are all older than 24h", () => {
    const stale = tickerOf([dto(1, "90", "1", "2025-03-08T10:00:00.000Z")]);
    expect(applyTradeToTicker(stale, dto(2, "99", "0.5", NOW.toISOString()))).toMatchObject({
      last: "99", open24h: "99", high: "99", low: "99", change: "0", changePercent: "0.00", volume: "0.5", tradeCount: 1,
    });
  });
});

describe("formatting", () => {
  it("groups thousands and pads without rounding", () => {
    expect(formatDecimal("1234567.891")).toBe("1,234,567.891");
    expect(formatDecimal("64500.1", 2)).toBe("64,500.10");
    expect(formatDecimal("0.00000001", 2)).toBe("0.00000001");
    expect(formatDecimal("-1234", 2)).toBe("-1,234.00");
    expect(formatDecimal(null)).toBe(MISSING);
  });

  it("signs changes and percentages", () => {
    expect(formatSigned("12.5")).toBe("+12.5");
    expect(formatSigned("0.00000001")).toBe("+0.00000001");
    expect(formatSigned("-3")).toBe("-3");
    expect(formatSigned("0")).toBe("0");
    expect(formatPercent("1.25")).toBe("+1.25%");
    expect(formatPercent("-0.50")).toBe("-0.50%");
    expect(formatPercent("0.00")).toBe("0.00%");
    expect(formatPercent(null)).toBe(MISSING);
  });

  it("shows times in UTC", () => {
    expect(formatTimeUtc("2025-03-10T09:05:07.123Z")).toBe("09:05:07");
  });
});
