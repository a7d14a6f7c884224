// The live log's reducer and filters: bounded buffer with a dropped count, pause/resume, clear, filters.
import { describe, expect, it } from "vitest";
import { initialLogState, logReducer, matchesFilters } from "@/app/console/_components/log-state";
import type { LogRow } from "@/lib/schemas/console";

const row = (id: number, extra: Partial<LogRow> = {}): LogRow => ({ id, time: 1_000 + id, type: "api_message", channel: "price_channel", event: "update", ...extra });

describe("logReducer", () => {
  it("keeps rows newest first and drops the oldest beyond the limit, counting them", () => {
    let state = initialLogState(3);
    state = logReducer(state, { type: "received", rows: [row(1), row(2)], droppedByServer: 0 });
    state = logReducer(state, { type: "received", rows: [row(3), row(4)], droppedByServer: 5 });
    expect(state.rows.map((r) => r.id)).toEqual([4, 3, 2]);
    expect(state.droppedHere).toBe(1);
    expect(state.droppedByServer).toBe(5);
  });

  it("holds rows while paused and shows them on resume; clear empties everything", () => {
    let state = logReducer(initialLogState(10), { type: "received", rows: [row(1)], droppedByServer: 0 });
    state = logReducer(state, { type: "pause" });
    state = logReducer(state, { type: "received", rows: [row(2), row(3)], droppedByServer: 0 });
    expect(state.rows.map((r) => r.id)).toEqual([1]);
    expect(state.held).toHaveLength(2);
    state = logReducer(state, { type: "resume" });
    expect(state.rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(state.paused).toBe(false);
    state = logReducer(state, { type: "clear" });
    expect(state.rows).toEqual([]);
    expect(state.droppedHere + state.droppedByServer).toBe(0);
  });
});

describe("matchesFilters", () => {
  const none = { type: "", channelPrefix: "", event: "" };
  it("filters by type, channel prefix (any of several channels) and event substring", () => {
    expect(matchesFilters(row(1), none)).toBe(true);
    expect(matchesFilters(row(1), { ...none, type: "subscribed" })).toBe(false);
    expect(matchesFilters(row(1, { channel: undefined, channels: ["price_channel", "market-btcusd"] }), { ...none, channelPrefix: "market-" })).toBe(true);
    expect(matchesFilters(row(1), { ...none, channelPrefix: "private-" })).toBe(false);
    expect(matchesFilters(row(1), { ...none, event: "UPD" })).toBe(true);
    expect(matchesFilters(row(1, { event: undefined }), { ...none, event: "update" })).toBe(false);
  });
});
