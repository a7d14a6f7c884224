// What the demo market maker prints: by default a summary line every few seconds (trades per market,
// the latest price, how many were not announced); with --verbose, one line per trade.
import type { TradeDto } from "@/lib/schemas/market";

/** Settings of the market maker's log. */
export interface TradeLogOptions {
  verbose: boolean;
  /** Milliseconds between summary lines (ignored when verbose). */
  everyMs: number;
  log: (message: string) => void;
}

/** The log: feed it every recorded trade; `stop()` prints what is left and ends the timer. */
export interface TradeLog {
  onTrade: (trade: TradeDto, published: boolean) => void;
  stop: () => void;
}

interface MarketTally {
  count: number;
  lastPrice: string;
}

/** Starts the log (a summary timer unless verbose; the timer never keeps the process alive). */
export function startTradeLog({ verbose, everyMs, log }: TradeLogOptions): TradeLog {
  let tallies = new Map<string, MarketTally>();
  let unannounced = 0;
  let since = Date.now();

  function summarize() {
    const total = [...tallies.values()].reduce((sum, tally) => sum + tally.count, 0);
    if (total > 0) {
      const seconds = Math.max(1, Math.round((Date.now() - since) / 1000));
      const markets = [...tallies].map(([marketId, tally]) => `${marketId} ${tally.count} (last ${tally.lastPrice})`).join(", ");
      log(`${total} trade(s) in the last ${seconds} s: ${markets}${unannounced > 0 ? `; ${unannounced} not announced` : ""}`);
    }
    tallies = new Map();
    unannounced = 0;
    since = Date.now();
  }

  const timer = verbose ? null : setInterval(summarize, everyMs);
  timer?.unref();

  return {
    onTrade(trade, published) {
      if (verbose) {
        log(`${trade.marketId} #${trade.id} ${trade.side} ${trade.amount} @ ${trade.price}${published ? "" : " (not announced)"}`);
        return;
      }
      const tally = tallies.get(trade.marketId) ?? { count: 0, lastPrice: trade.price };
      tallies.set(trade.marketId, { count: tally.count + 1, lastPrice: trade.price });
      if (!published) unannounced += 1;
    },
    stop() {
      if (timer) clearInterval(timer);
      if (!verbose) summarize();
    },
  };
}
