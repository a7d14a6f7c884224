// Matching a private trade confirmation to a submission of this page's trade form. Pure functions.
import { canonicalDecimal } from "@/lib/schemas/decimal";
import type { PrivateTrade } from "@/lib/schemas/notifications";

/** A trade this page's form submitted: its fields as typed, and when (ms since epoch). */
export interface TradeSubmission {
  marketId: string;
  side: string;
  price: string;
  amount: string;
  at: number;
}

/** How long after a submission a confirmation may still be its own. */
export const SUBMISSION_WINDOW_MS = 60_000;

/** The submission in `form`'s fields, or null when a field is missing. */
export function submissionFromForm(form: FormData, at: number): TradeSubmission | null {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim() : null;
  };
  const [marketId, side, price, amount] = [field("marketId"), field("side"), field("price"), field("amount")];
  if (!marketId || !side || !price || !amount) return null;
  return { marketId, side, price, amount, at };
}

function sameDecimal(typed: string, recorded: string): boolean {
  return canonicalDecimal(typed) === canonicalDecimal(recorded);
}

/** Index of the oldest submission (within the window at `now`) that `trade` confirms, or -1. */
export function findSubmission(submissions: readonly TradeSubmission[], trade: Pick<PrivateTrade, "marketId" | "side" | "price" | "amount">, now: number): number {
  return submissions.findIndex(
    (submission) =>
      now - submission.at <= SUBMISSION_WINDOW_MS &&
      submission.marketId === trade.marketId &&
      submission.side === trade.side &&
      sameDecimal(submission.price, trade.price) &&
      sameDecimal(submission.amount, trade.amount),
  );
}
