"use server";
// The trade form's server action: check the session, validate, record (DB first), then announce the new
// price after the response with after() (the seeds' trigger_async), leaving out the submitting page's socket.
import { after } from "next/server";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import type { SessionUser } from "@/lib/auth/session-user";
import { db } from "@/lib/db";
import { describeTradeInUnits } from "@/lib/market/format-market";
import { publishPrivateTrade, toPrivateTradeEvent } from "@/lib/notifications/publish-private-trade";
import { recordTradeWithNotification, type RecordedWithNotification } from "@/lib/notifications/record-trade-with-notification";
import { pusher } from "@/lib/pusher/server";
import { tradeFieldErrors, tradeFormSchema, type TradeFormState } from "@/lib/schemas/trade";
import { publishTrade } from "@/lib/trades/publish-trade";

const NOT_RECORDED: TradeFormState = { status: "error", message: "The trade could not be recorded. Please try again." };

function formText(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/** Records the submitted trade for useActionState: field errors, or the trade and a confirmation. */
export async function recordTradeAction(_previous: TradeFormState, formData: FormData): Promise<TradeFormState> {
  // Trading needs an account: the session is checked first, before the input is even looked at.
  let trader: SessionUser | null;
  try {
    trader = await getSessionUser();
  } catch (error) {
    console.error("[record-trade-action] session not read, nothing recorded:", error);
    return NOT_RECORDED;
  }
  if (!trader) return { status: "error", message: "Sign in to trade." };

  const parsed = tradeFormSchema.safeParse({
    marketId: formText(formData, "marketId"),
    side: formText(formData, "side"),
    price: formText(formData, "price"),
    amount: formText(formData, "amount"),
    socketId: formText(formData, "socketId"),
  });
  if (!parsed.success) {
    return { status: "error", errors: tradeFieldErrors(parsed.error), message: "Check the highlighted fields." };
  }
  const { socketId, ...input } = parsed.data;

  // Only the write may answer "not recorded": once it commits, the trade exists, and telling the
  // trader otherwise would invite a second, duplicate trade.
  let result: RecordedWithNotification;
  try {
    // The trade and the trader's notification commit together; the private event is only a hint of it.
    result = await recordTradeWithNotification(db, trader.id, input);
  } catch (error) {
    console.error("[record-trade-action] trade not recorded:", error);
    return NOT_RECORDED;
  }
  if (!result.ok) return { status: "error", errors: result.errors, message: "Check the highlighted fields." };

  const { trade, market, notification } = result;
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
  // "Sold 0.1 BTC at 66,900.50 USD."
  return { status: "success", trade, message: `${describeTradeInUnits(trade, market)}.` };
}
