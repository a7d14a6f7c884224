// The running totals of the 24h ticker's window: open, high, low, volume and count, in candle units
// (exact integers), added up piece by piece in time order, and the ticker they make. Shared by the SQLite
// reads (get-ticker.ts) and the PostgreSQL ones (postgres-market-reads.ts).
import { fromCandleUnits } from "@/lib/market/candle-units";
import { Dec } from "@/lib/market/decimal";
import { directionOf, percentChange, type Ticker } from "@/lib/market/ticker";

/** The ticker of a market without trades; with the last trade's fields, of a window without trades. */
export const NO_TRADES: Ticker = {
  last: null, open24h: null, change: null, changePercent: null, high: null, low: null,
  volume: "0", tradeCount: 0, direction: "flat", lastTradeId: null, lastTradeAt: null,
};

/** What the ticker says of the newest trade at or before now. */
export type LastTradeFields = Pick<Ticker, "last" | "lastTradeId" | "lastTradeAt">;

/** The sums of a stored Candle row (candle units; times in ms) the ticker adds up. */
export interface CandleSums {
  open: bigint;
  high: bigint;
  low: bigint;
  volume: bigint;
  tradeCount: bigint | number;
  openAt: bigint;
}

/** Open, high, low, volume and count of a window, added up piece by piece in time order. */
export class WindowTotals {
  open: bigint | null = null;
  /** Time (ms) of the window's first trade: the first to leave it. */
  openAt = Infinity;
  high = 0n;
  low = 0n;
  volume = 0n;
  count = 0;

  add(open: bigint, openAt: number, high: bigint, low: bigint, volume: bigint, count: number): void {
    if (this.open === null) {
      this.open = open;
      this.openAt = openAt;
      this.high = high;
      this.low = low;
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
    }
    this.volume += volume;
    this.count += count;
  }

  /** Adds a whole Candle row. */
  addCandle(row: CandleSums): void {
    this.add(row.open, Number(row.openAt), row.high, row.low, row.volume, Number(row.tradeCount));
  }

  /** The ticker of these totals, the newest trade's price being `last` (candle units). */
  ticker(last: bigint, lastFields: LastTradeFields): Ticker {
    if (this.open === null) return { ...NO_TRADES, ...lastFields };
    const open = fromCandleUnits(this.open);
    const change = fromCandleUnits(last - this.open);
    return {
      ...lastFields,
      open24h: open,
      change,
      changePercent: percentChange(new Dec(change), new Dec(open)),
      high: fromCandleUnits(this.high),
      low: fromCandleUnits(this.low),
      volume: fromCandleUnits(this.volume),
      tradeCount: this.count,
      direction: directionOf(change),
    };
  }
}
