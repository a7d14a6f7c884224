// The trade ids this page's own order form learned of (the fills its submissions made), so the private
// `trade` event confirming one of them is not announced a second time. Identity, not look-alike values:
// a trade with the same market, side, price and amount made in another tab is a different trade and is
// still shown, and so is a fill of one of the member's resting orders made later by someone else. A
// confirmation that arrives while a submission is in flight (its fills not known yet) waits for the
// submission to settle. Plain object, no React: the provider in own-trades.tsx holds one per page.

/** What the order form tells the registry, and how the private alerts consult it. */
export interface OwnTradeRegistry {
  /** A submission of the order form started. */
  submissionStarted(): void;
  /** The submission settled: `tradeIds` are the fills it made (none when it made none, or may have). */
  submissionSettled(tradeIds: readonly number[]): void;
  /** Calls `show` for a trade not made by this page's submissions: at once, or once the submissions in flight settle. */
  showUnlessOwn(tradeId: number, show: () => void): void;
}

/** A new, empty registry. */
export function createOwnTradeRegistry(): OwnTradeRegistry {
  const own = new Set<number>();
  let inFlight = 0;
  let waiting: { tradeId: number; show: () => void }[] = [];

  return {
    submissionStarted() {
      inFlight += 1;
    },
    submissionSettled(tradeIds) {
      for (const tradeId of tradeIds) own.add(tradeId);
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight > 0) return;
      const released = waiting;
      waiting = [];
      for (const confirmation of released) if (!own.has(confirmation.tradeId)) confirmation.show();
    },
    showUnlessOwn(tradeId, show) {
      if (own.has(tradeId)) return;
      if (inFlight > 0) waiting.push({ tradeId, show });
      else show();
    },
  };
}

/** A registry for pages without an order form: nothing is own, everything shows at once. */
export const NO_OWN_TRADES: OwnTradeRegistry = {
  submissionStarted: () => undefined,
  submissionSettled: () => undefined,
  showUnlessOwn: (_tradeId, show) => show(),
};
