// The book as the page shows it: grouping steps from the tick size, grouped levels (asks up, bids down,
// exact sums, market precision), running totals, bar shares and the spread, all on decimal strings.
import { describe, expect, it } from "vitest";
import { accumulateDepth, depthShare, groupingStepsFor, groupLevels, maxDecimal, precisionOf, spreadOf, type BookLevel } from "@/lib/market/order-book-levels";

const BTC = precisionOf("0.01", "0.0001");

describe("groupingStepsFor", () => {
  it("offers the tick and three tenfold multiples, as plain decimals", () => {
    expect(groupingStepsFor("0.01")).toEqual(["0.01", "0.1", "1", "10"]);
    expect(groupingStepsFor("0.05")).toEqual(["0.05", "0.5", "5", "50"]);
    expect(groupingStepsFor("1", 3)).toEqual(["1", "10", "100"]);
    expect(groupingStepsFor("0.00000001", 2)).toEqual(["0.00000001", "0.0000001"]);
  });

  it("refuses a tick that is not positive", () => {
    expect(() => groupingStepsFor("0")).toThrow(RangeError);
  });
});

describe("precisionOf", () => {
  it("takes the decimals of the tick and the lot", () => {
    expect(precisionOf("0.01", "0.0001")).toEqual({ price: 2, amount: 4 });
    expect(precisionOf("5", "1")).toEqual({ price: 0, amount: 0 });
  });
});

describe("groupLevels", () => {
  const asks: BookLevel[] = [
    ["64500.01", "0.1000"],
    ["64500.99", "0.2000"],
    ["64501.00", "0.0001"],
    ["64519.50", "1.5000"],
  ];
  const bids: BookLevel[] = [
    ["64499.99", "0.3000"],
    ["64490.00", "0.0002"],
    ["64489.99", "2.0000"],
  ];

  it("keeps the levels at the tick step (prices and amounts at the market's precision)", () => {
    expect(groupLevels(asks, "ask", "0.01", BTC)).toEqual(asks);
    expect(groupLevels([["64500.1", "0.5"]], "ask", "0.01", BTC)).toEqual([["64500.10", "0.5000"]]);
  });

  it("rounds asks up and bids down to the step, adding amounts exactly", () => {
    expect(groupLevels(asks, "ask", "1", BTC)).toEqual([
      ["64501.00", "0.3001"],
      ["64520.00", "1.5000"],
    ]);
    expect(groupLevels(asks, "ask", "10", BTC)).toEqual([
      ["64510.00", "0.3001"],
      ["64520.00", "1.5000"],
    ]);
    expect(groupLevels(bids, "bid", "10", BTC)).toEqual([
      ["64490.00", "0.3002"],
      ["64480.00", "2.0000"],
    ]);
    expect(groupLevels(bids, "bid", "0.1", BTC)).toEqual([
      ["64499.90", "0.3000"],
      ["64490.00", "0.0002"],
      ["64489.90", "2.0000"],
    ]);
  });

  it("leaves a price already on the step where it is, on both sides", () => {
    expect(groupLevels([["64500.00", "1.0000"]], "ask", "10", BTC)).toEqual([["64500.00", "1.0000"]]);
    expect(groupLevels([["64500.00", "1.0000"]], "bid", "10", BTC)).toEqual([["64500.00", "1.0000"]]);
  });

  it("sums past a float's precision without losing a unit", () => {
    const levels: BookLevel[] = [
      ["9999999.91", "999999.9999"],
      ["9999999.92", "0.0001"],
    ];
    expect(groupLevels(levels, "ask", "1", BTC)).toEqual([["10000000.00", "1000000.0000"]]);
  });

  it("keeps digits finer than the market's precision rather than dropping them", () => {
    expect(groupLevels([["100.005", "0.00001"]], "bid", "0.01", BTC)).toEqual([["100.00", "0.00001"]]);
  });

  it("returns nothing for an empty side", () => {
    expect(groupLevels([], "bid", "10", BTC)).toEqual([]);
  });
});

describe("accumulateDepth / maxDecimal / depthShare", () => {
  it("runs a total from the best level outwards", () => {
    expect(accumulateDepth([["3", "0.1"], ["4", "0.25"], ["5", "1"]])).toEqual([
      { price: "3", amount: "0.1", total: "0.10" },
      { price: "4", amount: "0.25", total: "0.35" },
      { price: "5", amount: "1", total: "1.35" },
    ]);
    expect(accumulateDepth([])).toEqual([]);
  });

  it("compares decimals as decimals and shares as percentages of the deepest", () => {
    expect(maxDecimal("10.5", "9.75")).toBe("10.5");
    expect(maxDecimal("0.1", "0.10001")).toBe("0.10001");
    expect(depthShare("1.35", "2.7")).toBe(50);
    expect(depthShare("1", "3")).toBe(33.33);
    expect(depthShare("3", "3")).toBe(100);
    expect(depthShare("0", "0")).toBe(0);
  });
});

describe("spreadOf", () => {
  it("is best ask minus best bid, with its share of the ask rounded half up", () => {
    expect(spreadOf("64564.50", "64435.50")).toEqual({ value: "129.00", percent: "0.20" });
    expect(spreadOf("100.00", "99.995")).toEqual({ value: "0.005", percent: "0.01" });
    expect(spreadOf("200", "199.99")).toEqual({ value: "0.01", percent: "0.01" });
    expect(spreadOf("200", "199.991")).toEqual({ value: "0.009", percent: "0.00" });
  });

  it("is null when a side is empty", () => {
    expect(spreadOf(undefined, "1")).toBeNull();
    expect(spreadOf("1", undefined)).toBeNull();
  });
});
