"use server";
// The order form's server action: check the session, then submitPlaceOrder (validate, place at most one
// order per client key: DB first, one transaction), then announce the committed command (book, fills,
// price, the members' private order/trade/account events, tickers). A repeated key answers with the
// original order and announces nothing again.
import { db } from "@/lib/db";
import { ORDER_FAILED_MESSAGE, submitPlaceOrder } from "@/lib/exchange/submit-order-forms";
import type { OrderFormState } from "@/lib/schemas/order";
import { announceAfterResponse, formFields, readTrader } from "./order-action-support";

/** The order form's named fields. */
const FIELDS = ["marketId", "side", "kind", "price", "volume", "quoteBound", "clientKey", "socketId"] as const;

/** Places the submitted order for useActionState: a refusal ({code, errors, message}) or the order, its fills and a confirmation. */
export async function placeOrderAction(_previous: OrderFormState, formData: FormData): Promise<OrderFormState> {
  const trader = await readTrader("place-order-action");
  if (trader.kind === "failed") return { status: "error", code: "failed", message: ORDER_FAILED_MESSAGE };
  if (trader.kind === "signed-out") return { status: "error", code: "signed_out", message: "Sign in to trade." };
  const { state, update } = await submitPlaceOrder(db, trader.user.id, formFields(formData, FIELDS));
  announceAfterResponse("place-order-action", update);
  return state;
}
