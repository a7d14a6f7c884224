// The page's registry of its own trades: a confirmation is skipped by trade id (never by look-alike
// values), shown at once when nothing is in flight, and held while a submission's fills are not known yet.
import { describe, expect, it } from "vitest";
import { createOwnTradeRegistry, NO_OWN_TRADES } from "@/app/_components/own-trade-registry";

/** The registry and the ids it has shown, in order. */
function setup() {
  const registry = createOwnTradeRegistry();
  const shown: number[] = [];
  const confirm = (tradeId: number) => registry.showUnlessOwn(tradeId, () => shown.push(tradeId));
  return { registry, shown, confirm };
}

describe("createOwnTradeRegistry", () => {
  it("shows confirmations of trades made elsewhere at once", () => {
    const { shown, confirm } = setup();
    confirm(7);
    confirm(8);
    expect(shown).toEqual([7, 8]);
  });

  it("skips the confirmations of the fills this page's order made, by id, and only those", () => {
    const { registry, shown, confirm } = setup();
    registry.submissionStarted();
    registry.submissionSettled([41, 43]);
    confirm(41);
    confirm(42); // same values or not, another id is another trade (e.g. a later fill of the rest of the order)
    confirm(43);
    expect(shown).toEqual([42]);
  });

  it("holds a confirmation that arrives before its submission settles, then drops it", () => {
    const { registry, shown, confirm } = setup();
    registry.submissionStarted();
    confirm(5);
    expect(shown).toEqual([]);
    registry.submissionSettled([5]);
    expect(shown).toEqual([]);
  });

  it("releases held confirmations of other trades when the submissions settle", () => {
    const { registry, shown, confirm } = setup();
    registry.submissionStarted();
    registry.submissionStarted();
    confirm(9);
    confirm(10);
    registry.submissionSettled([10]);
    expect(shown).toEqual([]); // one submission still in flight
    registry.submissionSettled([]); // filled nothing (or its outcome is unknown)
    expect(shown).toEqual([9]);
  });

  it("outside a page with an order form, everything shows at once", () => {
    const shown: number[] = [];
    NO_OWN_TRADES.submissionStarted();
    NO_OWN_TRADES.showUnlessOwn(3, () => shown.push(3));
    expect(shown).toEqual([3]);
  });
});
