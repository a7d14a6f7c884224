// The order actions' work after the session check, without Next: validate the form fields (zod), run
// the command, and answer in the forms' terms ({status, code, errors, message} on a refusal). The
// actions add the session and the publishing of the returned update.
import type { DbClient } from "@/lib/db-client";
import { cancelAllOrders } from "@/lib/exchange/cancel-all-orders";
import { cancelOrder, type CancelResult } from "@/lib/exchange/cancel-order";
import { describeOrder } from "@/lib/exchange/describe-order";
import type { ExchangeError } from "@/lib/exchange/exchange-refusal";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { placeOrder } from "@/lib/exchange/place-order";
import {
  cancelAllOrdersFormSchema,
  cancelOrderFormSchema,
  ORDER_FIELDS,
  placeOrderFormSchema,
  type CancelOrderState,
  type OrderErrorCode,
  type OrderField,
  type OrderFieldErrors,
  type OrderFormState,
} from "@/lib/schemas/order";
import type { z } from "zod";

/** A form's answer and what to publish (null: nothing changed). */
export interface FormOutcome<State> {
  state: State;
  update: ExchangeUpdate | null;
}

/** When writing failed (rolled back: nothing changed). */
export const ORDER_FAILED_MESSAGE = "The order could not be placed. Please try again.";
/** When a cancel failed (rolled back: nothing changed). */
export const CANCEL_FAILED_MESSAGE = "The order could not be cancelled. Please try again.";
/** When the page sent no valid submission key: nothing is written. */
export const NO_ORDER_KEY_MESSAGE = "Your order was not placed: this page sent no valid submission key. Reload the page and try again.";

type ErrorState = { status: "error"; code: OrderErrorCode; message: string; errors?: OrderFieldErrors };

function isOrderField(value: unknown): value is OrderField {
  return ORDER_FIELDS.some((field) => field === value);
}

/** The error state of invalid fields: unknown_market when the market id is malformed, else invalid_input. */
function invalidFields(error: z.ZodError): ErrorState {
  const errors: OrderFieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (!isOrderField(field)) continue;
    (errors[field] ??= []).push(issue.message);
  }
  if (errors.marketId) return { status: "error", code: "unknown_market", message: "Unknown market", errors };
  return { status: "error", code: "invalid_input", message: "Check the highlighted fields.", errors };
}

/** The error state of a refused command. */
export function refusalState(error: ExchangeError): ErrorState {
  return { status: "error", code: error.code, message: error.message, ...(error.field === null ? {} : { errors: { [error.field]: [error.message] } }) };
}

/** Places the order form's `fields` for `userId`. DB failures are logged and answered "could not be placed". */
export async function submitPlaceOrder(client: DbClient, userId: string, fields: Record<string, unknown>): Promise<FormOutcome<OrderFormState>> {
  const parsed = placeOrderFormSchema.safeParse(fields);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "clientKey")) return { state: { status: "error", code: "invalid_input", message: NO_ORDER_KEY_MESSAGE }, update: null };
    return { state: invalidFields(parsed.error), update: null };
  }
  const { marketId, side, kind, price, volume, quoteBound, clientKey } = parsed.data;
  try {
    const result = await placeOrder(client, { marketId, userId, side, kind, price, volume, quoteBound, clientOrderId: clientKey });
    if (!result.ok) return { state: refusalState(result.error), update: null };
    const message = describeOrder(result.order, result.market, result.repeat);
    return { state: { status: "success", message, order: result.order, fills: result.fills, repeat: result.repeat }, update: result.update };
  } catch (error) {
    console.error("[place-order] order not placed:", error);
    return { state: { status: "error", code: "failed", message: ORDER_FAILED_MESSAGE }, update: null };
  }
}

function cancelState(result: CancelResult, none: string): FormOutcome<CancelOrderState> {
  if (!result.ok) return { state: refusalState(result.error), update: null };
  const count = result.cancelled.length;
  const message = count === 0 ? none : count === 1 ? "Order cancelled." : `${count} orders cancelled.`;
  return { state: { status: "success", message, cancelled: result.cancelled }, update: result.update };
}

async function runCancel(run: () => Promise<CancelResult>, none: string): Promise<FormOutcome<CancelOrderState>> {
  try {
    return cancelState(await run(), none);
  } catch (error) {
    console.error("[cancel-order] nothing cancelled:", error);
    return { state: { status: "error", code: "failed", message: CANCEL_FAILED_MESSAGE }, update: null };
  }
}

/** Cancels the order named by `fields` (marketId, orderId) if it is `userId`'s and open. */
export async function submitCancelOrder(client: DbClient, userId: string, fields: Record<string, unknown>): Promise<FormOutcome<CancelOrderState>> {
  const parsed = cancelOrderFormSchema.safeParse(fields);
  if (!parsed.success) return { state: invalidFields(parsed.error), update: null };
  const { marketId, orderId } = parsed.data;
  return runCancel(() => cancelOrder(client, marketId, userId, orderId), "No open order with that id");
}

/** Cancels every open order of `userId` in the market named by `fields` (marketId). */
export async function submitCancelAllOrders(client: DbClient, userId: string, fields: Record<string, unknown>): Promise<FormOutcome<CancelOrderState>> {
  const parsed = cancelAllOrdersFormSchema.safeParse(fields);
  if (!parsed.success) return { state: invalidFields(parsed.error), update: null };
  return runCancel(() => cancelAllOrders(client, parsed.data.marketId, userId), "No open orders to cancel.");
}
