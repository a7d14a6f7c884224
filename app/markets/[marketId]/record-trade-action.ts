"use server";
// The trade form's server action: validate, record (DB first), then announce the new price after
// the response with after() (the seeds' trigger_async), leaving out the submitting page's socket.
import { after } from "next/server";
import { db } from "@/lib/db";
import { formatAmount, formatPrice } from "@/lib/market/format-market";
import { pusher } from "@/lib/pusher/server";
import { tradeFieldErrors, tradeFormSchema, type TradeFormState } from "@/lib/schemas/trade";
import { privateChannelFor } from "@/lib/auth/private-channel";
import { publishPrivateTrade, toPrivateTradeEvent } from "@/lib/notifications/publish-private-trade";
import { recordTradeWithNotification } from "@/lib/notifications/record-trade-with-notification";
import { getTrader } from "@/lib/trades/get-trader-id";
import { publishTrade } from "@/lib/trades/publish-trade";

function formText(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/** Records the submitted trade for useActionState: field errors, or the trade and a confirmation. */
export async function recordTradeAction(_previous: TradeFormState, formData: FormData): Promise<TradeFormState> {
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

  try {
    // Trading needs an account: the action checks the session itself.
    const trader = await getTrader();
    if (!trader) return { status: "error", message: "Sign in to trade." };
    // The trade and the trader's notification commit together; the private event is only a hint of it.
    const result = await recordTradeWithNotification(db, trader.id, input);
    if (!result.ok) return { status: "error", errors: result.errors, message: "Check the highlighted fields." };
    const { trade, notification } = result;
    const privateChannel = privateChannelFor(trader);
    // Runs after the response is sent; both publishers log failures and never throw.
    after(() =>
      Promise.all([
        publishTrade(pusher, trade, { excludeSocketId: socketId }),
        publishPrivateTrade(pusher, privateChannel, toPrivateTradeEvent(trade, notification)),
      ]),
    );
    const verb = trade.side === "buy" ? "Bought" : "Sold";
    return {
      status: "success",
      trade,
      message: `${verb} ${formatAmount(trade.amount)} at ${formatPrice(trade.price)}.`,
    };
  } catch (error) {
    console.error("[record-trade-action] trade not recorded:", error);
    return { status: "error", message: "The trade could not be recorded. Please try again." };
  }
}
