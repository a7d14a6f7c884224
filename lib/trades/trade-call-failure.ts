// What the trade form says when calling its server action failed, so it never returned a state (the
// request did not get through, or no usable answer came back). Honest about what is known: a trade is
// "not recorded" only when the server could not be reached; otherwise the outcome is unknown and the
// tape (re-read from the DB once the page reconnects) will show it. Safe in the browser.
import type { TradeFormState } from "@/lib/schemas/trade";

/** The server could not be reached: the request never arrived, so nothing was recorded. */
export const NOT_RECORDED_MESSAGE = "Couldn't reach the server — your trade was not recorded. Try again.";

/** The request may have reached the server: the trade may or may not have been recorded. */
export const OUTCOME_UNKNOWN_MESSAGE =
  "The connection failed before the server answered, so we can't tell whether your trade was recorded. " +
  "The trade tape will show it once the page is reconnected; check it before trying again.";

/** The server no longer knows this page's action (a new version was deployed): nothing ran. */
export const OUTDATED_PAGE_MESSAGE = "This page is out of date — your trade was not recorded. Reload the page to trade.";

/** fetch() rejects with a TypeError, in every browser, when no HTTP response came back at all. */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError;
}

/**
 * The form state after the action call rejected with `error`. `serverAnswers` says whether the app
 * answered a request made right after the failure: a network failure while it does not answer means it
 * was unreachable (not recorded); one while it answers, or any other failure (the server answered with
 * an error, the answer broke off), may have happened after the trade was written (unknown).
 */
export function tradeCallFailureState(error: unknown, serverAnswers: boolean): TradeFormState {
  if (error instanceof Error && error.name === "UnrecognizedActionError") {
    return { status: "error", message: OUTDATED_PAGE_MESSAGE, delivery: "not-recorded" };
  }
  if (isNetworkFailure(error) && !serverAnswers) return { status: "error", message: NOT_RECORDED_MESSAGE, delivery: "not-recorded" };
  return { status: "error", message: OUTCOME_UNKNOWN_MESSAGE, delivery: "unknown" };
}

/** Whether the app at `url` answers a GET with any HTTP response within `timeoutMs` (default 3 s). */
export async function serverAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
