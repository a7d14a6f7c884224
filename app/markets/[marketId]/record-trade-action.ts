"use server";
// The trade form's server action: validate, record (DB first), then announce the new price after
// the response with after() (the seeds' trigger_async), leaving out the submitting page's socket.
import { after } from "next/server";
import { db } from "@/lib/db";
import { formatAmount, formatPrice } from "@/lib/market/format-market";
import { pusher } from "@/lib/pusher/server";
import { tradeFieldErrors, tradeFormSchema, type TradeFormState } from "@/lib/schemas/trade";
import { getTraderId } from "@/lib/trades/get-trader-id";
import { publishTrade } from "@/lib/trades/publish-trade";
import { recordTrade } from "@/lib/trades/record-trade";

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
    const traderId = await getTraderId();
    const result = await recordTrade(db, input, { userId: traderId });
    if (!result.ok) return { status: "error", errors: result.errors, message: "Check the highlighted fields." };
    const { trade } = result;
    // Runs after the response is sent; publishTrade logs failures and never throws.
    after(() => publishTrade(pusher, trade, { excludeSocketId: socketId }));
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
