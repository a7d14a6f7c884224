"use server";
// Cancel one open order (fields marketId, orderId): check the session, cancel it if it is the member's
// (another member's id gets the same answer as a missing one), then announce the change.
import { db } from "@/lib/db";
import { CANCEL_FAILED_MESSAGE, submitCancelOrder } from "@/lib/exchange/submit-order-forms";
import type { CancelOrderState } from "@/lib/schemas/order";
import { announceAfterResponse, formFields, readTrader } from "./order-action-support";

/** Cancels the named order for useActionState: a refusal or the cancelled order. */
export async function cancelOrderAction(_previous: CancelOrderState, formData: FormData): Promise<CancelOrderState> {
  const trader = await readTrader("cancel-order-action");
  if (trader.kind === "failed") return { status: "error", code: "failed", message: CANCEL_FAILED_MESSAGE };
  if (trader.kind === "signed-out") return { status: "error", code: "signed_out", message: "Sign in to cancel orders." };
  const { state, update } = await submitCancelOrder(db, trader.user.id, formFields(formData, ["marketId", "orderId"]));
  announceAfterResponse("cancel-order-action", update);
  return state;
}
