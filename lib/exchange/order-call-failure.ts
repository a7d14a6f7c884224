// What the order form does when calling its server action failed, so it never returned a state (the
// request did not get through, the app died after the commit, the answer broke off or a proxy answered
// instead). It never guesses: it asks the app about the submission's key (POST /api/orders/by-key/<key>)
// until the app answers, with backoff, and says what the app says. Safe in the browser.
import { describeOrder, type OrderMarketUnits } from "@/lib/exchange/describe-order";
import { orderOutcomeSchema, type OrderFormState, type OrderOutcome } from "@/lib/schemas/order";

/** Shown (in the form's live region) while the outcome is being asked for. */
export const CHECKING_MESSAGE = "The connection failed before the answer came. Checking whether your order was placed…";

/** The server no longer knows this page's action (a new version was deployed): nothing ran. */
export const OUTDATED_PAGE_MESSAGE = "This page is out of date — your order was not placed. Reload the page to trade.";

/** The session ended while the outcome was unknown, so the app would not say (and nothing is claimed). */
export const SIGNED_OUT_MESSAGE =
  "You were signed out before we could check whether your order was placed. Sign in again and look for it under “Open orders” and “Order history”.";

/**
 * The order form's state: the action's answer, plus how a failed call was settled (set by the form, never
 * by the server): "not-placed" when the server said so (its outcome lookup, or it no longer knew the
 * action), "placed" when its lookup found the order, "unknown" when it could not be asked (signed out).
 */
export type OrderEntryState = OrderFormState & { delivery?: "placed" | "not-placed" | "unknown" };

/** Whether `error` is Next's answer that the server does not know this action (so it did not run). */
export function isOutdatedActionError(error: unknown): boolean {
  return error instanceof Error && error.name === "UnrecognizedActionError";
}

/** The form state of a failed call the server has already settled (an outdated page), or null: ask. */
export function settledFailureState(error: unknown): OrderEntryState | null {
  return isOutdatedActionError(error) ? { status: "error", code: "not_placed", message: OUTDATED_PAGE_MESSAGE, delivery: "not-placed" } : null;
}

/** The lookup's answer: the outcome, or that the app will not say because nobody is signed in. */
export type OutcomeAnswer = { kind: "outcome"; outcome: OrderOutcome } | { kind: "signed-out" };

/** The form state the app's answer about a key leads to (the order described as the action would have). */
export function outcomeFormState(answer: OutcomeAnswer, market: OrderMarketUnits): OrderEntryState {
  if (answer.kind === "signed-out") return { status: "error", code: "signed_out", message: SIGNED_OUT_MESSAGE, delivery: "unknown" };
  const { outcome } = answer;
  if (outcome.outcome === "placed") {
    return { status: "success", order: outcome.order, fills: [], repeat: false, message: describeOrder(outcome.order, market), delivery: "placed" };
  }
  return { status: "error", code: "not_placed", message: outcome.message, delivery: "not-placed" };
}

/** The outcome lookup's address for `clientKey`. */
export function orderOutcomeUrl(clientKey: string): string {
  return `/api/orders/by-key/${encodeURIComponent(clientKey)}`;
}

/**
 * Asks once: the answer, or null when there is none to rely on yet (no connection, a proxy's or a
 * starting server's error, a body that is not an outcome): ask again later.
 */
export async function askOrderOutcome(url: string, signal?: AbortSignal, timeoutMs = 10_000): Promise<OutcomeAnswer | null> {
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
    const parsed = orderOutcomeSchema.safeParse(await response.json());
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

/** How waitForOrderOutcome paces itself (tests pass short delays), and where the app is (default: this page's origin). */
export interface WaitOptions {
  signal?: AbortSignal;
  delayMs?: (attempt: number) => number;
  baseUrl?: string;
}

/**
 * Asks about `clientKey` until the app answers: a pause before each ask (delayMs), cut short when
 * the browser reports it is back online. Rejects only when `signal` aborts (the form went away).
 */
export async function waitForOrderOutcome(clientKey: string, { signal, delayMs = outcomeRetryDelayMs, baseUrl = "" }: WaitOptions = {}): Promise<OutcomeAnswer> {
  const url = `${baseUrl}${orderOutcomeUrl(clientKey)}`;
  for (let attempt = 0; ; attempt += 1) {
    await pause(delayMs(attempt), signal);
    const answer = await askOrderOutcome(url, signal);
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
