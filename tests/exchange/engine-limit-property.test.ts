// A property the other invariants miss: a limit taker never trades past its limit price (a buy pays at most
// its price, a sell gets at least its price). A sell that ignored its limit kept every other property true:
// funds are conserved, locks stay exact, the book is never crossed; only the seller is short-changed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TradeEvent } from "@/lib/exchange/engine";
import { runScenario, scenarioArb } from "./support/scenario";

describe("matching engine properties: limit prices", () => {
  it("a limit taker trades only at its limit price or better", () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        runScenario(scenario, (step) => {
          const taker = step.placed;
          if (taker === null || taker.kind !== "limit" || taker.price === null || !step.result.ok) return;
          const limit = taker.price;
          for (const trade of step.result.events.filter((event): event is TradeEvent => event.type === "trade")) {
            expect(trade.takerOrderId).toBe(taker.id);
            if (taker.side === "buy") expect(trade.price).toBeLessThanOrEqual(limit);
            else expect(trade.price).toBeGreaterThanOrEqual(limit);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
