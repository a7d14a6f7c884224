// What the trade form does when calling its server action failed, so it never returned a state (the
// request did not get through, the app died after the commit, the answer broke off or a proxy answered
// instead). It never guesses: it asks the app about the submission's key (POST /api/trades/by-key/<key>)
// until the app answers, with backoff, and says what the app says. Safe in the browser.
import { tradeOutcomeSchema, type TradeFormState, type TradeOutcome } from "@/lib/schemas/trade";

/** Shown (in the form's live region) while the outcome is being asked for. */
export const CHECKING_MESSAGE = "The connection failed before the answer came. Checking whether your trade was recorded…";

/** The server no longer knows this page's action (a new version was deployed): nothing ran. */
export const OUTDATED_PAGE_MESSAGE = "This page is out of date — your trade was not recorded. Reload the page to trade.";

/** The session ended while the outcome was unknown, so the app would not say (and nothing is claimed). */
export const SIGNED_OUT_MESSAGE =
  "You were signed out before we could check whether your trade was recorded. Sign in again and look for it under “Mine”.";

/** Whether `error` is Next's answer that the server does not know this action (so it did not run). */
export function isOutdatedActionError(error: unknown): boolean {
  return error instanceof Error && error.name === "UnrecognizedActionError";
}

/** The form state of a failed call the server has already settled (an outdated page), or null: ask. */
export function settledFailureState(error: unknown): TradeFormState | null {
  return isOutdatedActionError(error) ? { status: "error", message: OUTDATED_PAGE_MESSAGE, delivery: "not-recorded" } : null;
}

/** The lookup's answer: the outcome, or that the app will not say because nobody is signed in. */
export type OutcomeAnswer = { kind: "outcome"; outcome: TradeOutcome } | { kind: "signed-out" };

/** The form state the app's answer about a key leads to (the same text the action would have given). */
export function outcomeFormState(answer: OutcomeAnswer): TradeFormState {
  if (answer.kind === "signed-out") return { status: "error", message: SIGNED_OUT_MESSAGE, delivery: "unknown" };
  const { outcome } = answer;
  if (outcome.outcome === "recorded") return { status: "success", trade: outcome.trade, message: outcome.message, delivery: "recorded" };
  return { status: "error", message: outcome.message, delivery: "not-recorded" };
}

/** The outcome lookup's address for `clientKey`. */
export function tradeOutcomeUrl(clientKey: string): string {
  return `/api/trades/by-key/${encodeURIComponent(clientKey)}`;
}

/**
 * Asks once: the answer, or null when there is none to rely on yet (no connection, a proxy's or a
 * starting server's error, a body that is not an outcome): ask again later.
 */
export async function askTradeOutcome(url: string, signal?: AbortSignal, timeoutMs = 10_000): Promise<OutcomeAnswer | null> {
  try {
    // A frozen server would hold the ask forever: each ask gives up after timeoutMs and the next one follows.
    const limit = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { method: "POST", cache: "no-store", signal: limit, headers: { accept: "application/json" } });
    if (response.status === 401) {
      await response.body?.cancel();
      return { kind: "signed-out" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const parsed = tradeOutcomeSchema.safeParse(await response.json());
    return parsed.success ? { kind: "outcome", outcome: parsed.data } : null;
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}

/** Delay before ask number `attempt` (0-based): 250 ms doubling to 8 s, each within ±25% (so pages do not ask in step). */
export function outcomeRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(8_000, 250 * 2 ** attempt);
  return Math.round(base * (0.75 + random() / 2));
}

/** Resolves after `ms`, or early when the browser comes back online; rejects when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      globalThis.removeEventListener?.("online", done);
      signal?.removeEventListener("abort", aborted);
      resolve();
    };
    const aborted = () => {
      done();
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException("Aborted", "AbortError"));
    };
    const timer = setTimeout(done, ms);
    globalThis.addEventListener?.("online", done);
    if (signal?.aborted) aborted();
    else signal?.addEventListener("abort", aborted);
  });
}

/** How waitForTradeOutcome paces itself (tests pass short delays), and where the app is (default: this page's origin). */
export interface WaitOptions {
  signal?: AbortSignal;
  delayMs?: (attempt: number) => number;
  baseUrl?: string;
}

/**
 * Asks about `clientKey` until the app answers: a pause before each ask (delayMs), cut short when
 * the browser reports it is back online. Rejects only when `signal` aborts (the form went away).
 */
export async function waitForTradeOutcome(clientKey: string, { signal, delayMs = outcomeRetryDelayMs, baseUrl = "" }: WaitOptions = {}): Promise<OutcomeAnswer> {
  const url = `${baseUrl}${tradeOutcomeUrl(clientKey)}`;
  for (let attempt = 0; ; attempt += 1) {
    await pause(delayMs(attempt), signal);
    const answer = await askTradeOutcome(url, signal);
    if (answer) return answer;
  }
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
