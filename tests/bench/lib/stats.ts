// Small statistics helpers for the benchmarks: percentiles over latency samples.

/** Percentile (0..100) of an ascending-sorted sample array, nearest-rank; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] ?? Number.NaN;
}

/** Concatenates and sorts latency samples coming from several workers. */
export function mergeSorted(parts: readonly Float64Array[]): Float64Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const merged = new Float64Array(total);
  let offset = 0;
  for (const part of parts) {
    merged.set(part, offset);
    offset += part.length;
  }
  return merged.sort();
}

/** p50/p99/max summary of latency samples, in milliseconds. */
export interface LatencySummary {
  samples: number;
  /** 1st percentile: about when an event's first deliveries land (trigger path before the fan-out spread). */
  p1Ms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Summarizes ascending-sorted latency samples (milliseconds). */
export function summarizeLatency(sorted: Float64Array): LatencySummary {
  return {
    samples: sorted.length,
    p1Ms: percentile(sorted, 1),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}

/** Ratio a/b, NaN when either side is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}
