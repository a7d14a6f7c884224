// When the supervisor restarts a child that died: exponential backoff that resets after a good run.

/** Backoff settings of a supervised child. */
export interface RestartPolicy {
  /** Delay before the first restart, and again after a run of at least `resetAfterMs`. */
  initialDelayMs: number;
  /** The delay doubles with every quick failure up to this. */
  maxDelayMs: number;
  /** A child that stayed up this long counts as healthy: its next restart waits `initialDelayMs` again. */
  resetAfterMs: number;
  /**
   * Give up (stop the whole stack) after this many quick failures in a row: exits within `resetAfterMs`
   * of starting, and restarts that never became ready. Unset: never give up.
   */
  giveUpAfter?: number;
}

/** 0.5 s doubling to 10 s, back to 0.5 s once the child has stayed up for 30 s. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, resetAfterMs: 30_000 };

/**
 * The app's: the same backoff, but 5 quick failures in a row (about 8 s of trying) stop the stack, since
 * nothing works without the app and a broken build or a taken port will not heal by itself.
 */
export const APP_RESTART_POLICY: RestartPolicy = { ...DEFAULT_RESTART_POLICY, giveUpAfter: 5 };

/**
 * The delay before the next restart, given the previous delay (null before the first restart) and how
 * long the child ran this time (0 when it never became ready).
 */
export function nextRestartDelay(previousDelayMs: number | null, uptimeMs: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  if (previousDelayMs === null || uptimeMs >= policy.resetAfterMs) return policy.initialDelayMs;
  return Math.min(previousDelayMs * 2, policy.maxDelayMs);
}

/** "0.5 s", "10 s", "1.2 s": a duration for log lines. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
