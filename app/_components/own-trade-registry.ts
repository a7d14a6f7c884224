// The trade ids this page's own trade form recorded, so the private `trade` event confirming one of them
// is not announced a second time. Identity, not look-alike values: a trade with the same market, side,
// price and amount made in another tab is a different trade and is still shown. A confirmation that
// arrives while a submission is in flight (its id not known yet) waits for the submission to settle.
// Plain object, no React: the provider in own-trades.tsx holds one per page.

/** What the trade form tells the registry, and how the private alerts consult it. */
export interface OwnTradeRegistry {
  /** A submission of the trade form started. */
  submissionStarted(): void;
  /** The submission settled: `tradeId` is the trade it recorded, null when it recorded none (or may have). */
  submissionSettled(tradeId: number | null): void;
  /** Calls `show` for a trade not recorded by this page: at once, or once the submissions in flight settle. */
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
    submissionSettled(tradeId) {
      if (tradeId !== null) own.add(tradeId);
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

/** A registry for pages without a trade form: nothing is own, everything shows at once. */
export const NO_OWN_TRADES: OwnTradeRegistry = {
  submissionStarted: () => undefined,
  submissionSettled: () => undefined,
  showUnlessOwn: (_tradeId, show) => show(),
};
