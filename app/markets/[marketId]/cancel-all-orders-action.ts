"use server";
// Cancel every open order of the member in one market (field marketId): check the session, cancel them
// in one command, then announce the change.
import { db } from "@/lib/db";
import { CANCEL_FAILED_MESSAGE, submitCancelAllOrders } from "@/lib/exchange/submit-order-forms";
import type { CancelOrderState } from "@/lib/schemas/order";
import { announceAfterResponse, formFields, readTrader } from "./order-action-support";

/** Cancels all the member's open orders in the market for useActionState: the cancelled orders (maybe none). */
export async function cancelAllOrdersAction(_previous: CancelOrderState, formData: FormData): Promise<CancelOrderState> {
  const trader = await readTrader("cancel-all-orders-action");
  if (trader.kind === "failed") return { status: "error", code: "failed", message: CANCEL_FAILED_MESSAGE };
  if (trader.kind === "signed-out") return { status: "error", code: "signed_out", message: "Sign in to cancel orders." };
  const { state, update } = await submitCancelAllOrders(db, trader.user.id, formFields(formData, ["marketId"]));
  announceAfterResponse("cancel-all-orders-action", update);
  return state;
}
