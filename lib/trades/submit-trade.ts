// The trade form's submission for a signed-in trader, after the session check: validate the fields and
// the submission key, record at most one trade per key (DB first), and answer in the form's terms. A
// repeat of a key gets the original answer, word for word. The server action is this plus the session
// and the publishing.
import "server-only";
import type { DbClient } from "@/lib/db";
import { recordTradeWithNotification, type RecordedWithNotification } from "@/lib/notifications/record-trade-with-notification";
import { NOT_RECORDED_MESSAGE, tradeFieldErrors, tradeFormSchema, type TradeFormState } from "@/lib/schemas/trade";
import { describeRecordedTrade } from "@/lib/trades/trade-outcome";

/** What the form is told when writing failed (the transaction rolled back: nothing was recorded). */
export const WRITE_FAILED_STATE: TradeFormState = { status: "error", message: "The trade could not be recorded. Please try again." };

/** What the form is told when it sent no valid submission key (a tampered or broken page): nothing is written. */
export const NO_KEY_STATE: TradeFormState = {
  status: "error",
  message: "Your trade was not recorded: this page sent no valid submission key. Reload the page and try again.",
};

/** The trade this submission recorded (to announce), with the submitting page's socket to leave out. */
export type RecordedSubmission = Extract<RecordedWithNotification, { kind: "recorded" }> & { socketId: string | undefined };

/** The form state to answer with, and the newly recorded trade to announce (null when nothing is new). */
export interface TradeSubmission {
  state: TradeFormState;
  recorded: RecordedSubmission | null;
}

const FIELDS_REFUSED = "Check the highlighted fields.";

/** Submits the form `fields` for `userId`. DB failures are logged and answered "not recorded". */
export async function submitTrade(client: DbClient, userId: string, fields: Record<string, unknown>): Promise<TradeSubmission> {
  const parsed = tradeFormSchema.safeParse(fields);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "clientKey")) return { state: NO_KEY_STATE, recorded: null };
    return { state: { status: "error", errors: tradeFieldErrors(parsed.error), message: FIELDS_REFUSED }, recorded: null };
  }
  const { socketId, clientKey, ...input } = parsed.data;

  let result: RecordedWithNotification;
  try {
    result = await recordTradeWithNotification(client, userId, clientKey, input);
  } catch (error) {
    console.error("[submit-trade] trade not recorded:", error);
    return { state: WRITE_FAILED_STATE, recorded: null };
  }
  switch (result.kind) {
    case "refused":
      return { state: { status: "error", errors: result.errors, message: FIELDS_REFUSED }, recorded: null };
    case "voided":
      return { state: { status: "error", message: NOT_RECORDED_MESSAGE }, recorded: null };
    case "repeat":
      return { state: { status: "success", trade: result.trade, message: describeRecordedTrade(result) }, recorded: null };
    case "recorded":
      return { state: { status: "success", trade: result.trade, message: describeRecordedTrade(result) }, recorded: { ...result, socketId } };
  }
}
