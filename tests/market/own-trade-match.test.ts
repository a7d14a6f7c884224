// Matching a private trade confirmation to this page's own submission: same market, side, price and
// amount (as decimals, however typed), within the window; anything else is a trade made elsewhere.
import { describe, expect, it } from "vitest";
import { findSubmission, SUBMISSION_WINDOW_MS, submissionFromForm, type TradeSubmission } from "@/app/_components/own-trade-match";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const submitted: TradeSubmission = { marketId: "btcusd", side: "sell", price: "66900.50", amount: ".1", at: 1_000 };

describe("submissionFromForm", () => {
  it("reads the trade form's fields, trimmed", () => {
    expect(submissionFromForm(form({ marketId: "btcusd", side: "buy", price: " 1.5 ", amount: "2", socketId: "1.2" }), 5)).toEqual({
      marketId: "btcusd", side: "buy", price: "1.5", amount: "2", at: 5,
    });
  });

  it("is null when a field is missing", () => {
    expect(submissionFromForm(form({ marketId: "btcusd", side: "buy", price: "1.5" }), 5)).toBeNull();
  });
});

describe("findSubmission", () => {
  it("matches the recorded trade of a submission, decimals compared by value", () => {
    expect(findSubmission([submitted], { marketId: "btcusd", side: "sell", price: "66900.5", amount: "0.1" }, 2_000)).toBe(0);
  });

  it("does not match another market, side, price or amount", () => {
    const trade = { marketId: "btcusd", side: "sell", price: "66900.5", amount: "0.1" };
    expect(findSubmission([submitted], { ...trade, marketId: "ethusd" }, 2_000)).toBe(-1);
    expect(findSubmission([submitted], { ...trade, side: "buy" }, 2_000)).toBe(-1);
    expect(findSubmission([submitted], { ...trade, price: "66900.51" }, 2_000)).toBe(-1);
    expect(findSubmission([submitted], { ...trade, amount: "0.11" }, 2_000)).toBe(-1);
  });

  it("does not match a submission older than the window", () => {
    const trade = { marketId: "btcusd", side: "sell", price: "66900.5", amount: "0.1" };
    expect(findSubmission([submitted], trade, submitted.at + SUBMISSION_WINDOW_MS)).toBe(0);
    expect(findSubmission([submitted], trade, submitted.at + SUBMISSION_WINDOW_MS + 1)).toBe(-1);
  });
});
