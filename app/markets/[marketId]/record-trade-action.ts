"use server";
// The trade form's server action: check the session, then submitTrade (validate, record at most once per
// submission key, DB first), then announce a newly recorded trade after the response with after() (the
// seeds' trigger_async), leaving out the submitting page's socket. A repeated key is answered with the
// original trade and text, and announces nothing again.
import { after } from "next/server";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import type { SessionUser } from "@/lib/auth/session-user";
import { db } from "@/lib/db";
import { publishPrivateTrade, toPrivateTradeEvent } from "@/lib/notifications/publish-private-trade";
import { pusher } from "@/lib/pusher/server";
import type { TradeFormState } from "@/lib/schemas/trade";
import { publishTrade } from "@/lib/trades/publish-trade";
import { submitTrade, WRITE_FAILED_STATE } from "@/lib/trades/submit-trade";

/** The form's named fields, as submitTrade reads them. */
const FIELDS = ["marketId", "side", "price", "amount", "clientKey", "socketId"] as const;

function formFields(formData: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of FIELDS) {
    const value = formData.get(name);
    fields[name] = typeof value === "string" ? value : undefined;
  }
  return fields;
}

/** Records the submitted trade for useActionState: field errors, or the trade and a confirmation. */
export async function recordTradeAction(_previous: TradeFormState, formData: FormData): Promise<TradeFormState> {
  // Trading needs an account: the session is checked first, before the input is even looked at.
  let trader: SessionUser | null;
  try {
    trader = await getSessionUser();
  } catch (error) {
    console.error("[record-trade-action] session not read, nothing recorded:", error);
    return WRITE_FAILED_STATE;
  }
  if (!trader) return { status: "error", message: "Sign in to trade." };

  const { state, recorded } = await submitTrade(db, trader.id, formFields(formData));
  if (!recorded) return state;

  const { trade, notification, socketId } = recorded;
  try {
    const privateChannel = privateChannelFor(trader);
    // Runs after the response is sent; both publishers log failures and never throw.
    after(() =>
      Promise.all([
        publishTrade(pusher, trade, { excludeSocketId: socketId }),
        publishPrivateTrade(pusher, privateChannel, toPrivateTradeEvent(trade, notification)),
      ]),
    );
  } catch (error) {
    // The trade stands; pages still see it on their next re-read of the DB.
    console.error(`[record-trade-action] trade ${trade.id} recorded but not announced:`, error);
  }
  return state;
}
