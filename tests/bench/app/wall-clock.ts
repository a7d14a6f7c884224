// The clock the app bench stamps with in every process, browser pages included: wall-clock
// milliseconds with sub-millisecond resolution (performance.timeOrigin + performance.now()).

/** Wall-clock ms (fractional); the same expression runs inside the Chromium pages. */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The identity of a trade in every view of it: its price in cents (prices are unique per trade). */
export function priceKey(price: string): number {
  return Math.round(Number(price.replace(/,/g, "")) * 100);
}
