// The clock every bench process stamps with: CLOCK_MONOTONIC, which Linux shares across processes.
//
// process.hrtime() reads CLOCK_MONOTONIC (libuv uv_hrtime), the same clock in every process
// of one boot, with nanosecond resolution; Date.now() is only millisecond-grained.

/** Milliseconds (fractional) on the machine-wide monotonic clock; comparable across processes. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
