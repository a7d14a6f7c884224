// The 24h window cut into stored pieces, so the ticker reads a bounded number of rows however many
// trades there are: whole 1d / 1h / 5m / 1m buckets where they fit, the raw trades of the two partial
// minutes at the edges. A 24h window takes at most about 55 bucket rows plus two minutes of trades.

/** A piece of a time range [from, to) (ms): whole Candle buckets of one size, or raw trades. */
export type WindowPiece = { kind: "candles"; size: number; from: number; to: number } | { kind: "trades"; from: number; to: number };

/** Bucket sizes tried, largest first: 1d, 1h, 5m, 1m. */
export const WINDOW_SIZES_MS: readonly number[] = [86_400_000, 3_600_000, 300_000, 60_000];

/** Cuts [from, to) into pieces, in time order, that exactly cover it: the largest whole buckets first. */
export function splitWindow(from: number, to: number, sizes: readonly number[] = WINDOW_SIZES_MS): WindowPiece[] {
  if (from >= to) return [];
  const [size, ...smaller] = sizes;
  if (size === undefined) return [{ kind: "trades", from, to }];
  const first = Math.ceil(from / size) * size;
  const end = Math.floor(to / size) * size;
  if (first >= end) return splitWindow(from, to, smaller);
  return [...splitWindow(from, first, smaller), { kind: "candles", size, from: first, to: end }, ...splitWindow(end, to, smaller)];
}
