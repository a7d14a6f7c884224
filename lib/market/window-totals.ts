// The running totals of the 24h ticker's window: open, high, low, volume and count, in candle units
// (exact integers), added up piece by piece in time order.

/** The sums of a stored Candle row (candle units; times in ms) the ticker adds up. */
export interface CandleSums {
  open: bigint;
  high: bigint;
  low: bigint;
  volume: bigint;
  tradeCount: bigint;
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
}
