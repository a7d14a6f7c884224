// Announces a recorded trade on `price_channel` / `update` (and `market-<id>` / `update`) through
// the pusher server SDK. Fire-and-forget by design: the DB is the truth, the socket is a hint.
import type Pusher from "pusher";
import { marketChannel, PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";
import type { TradeDto } from "@/lib/schemas/market";
import { socketIdSchema } from "@/lib/schemas/auth";
import { toPriceUpdate } from "@/lib/schemas/trade";

/** Who to leave out: the submitting page applies its own trade from the action's result. */
export interface PublishTradeOptions {
  excludeSocketId?: string;
}

/**
 * Triggers the trade's PriceUpdate; resolves true when the Channels server accepted it and false
 * (after logging) when it did not. Never throws: a down realtime server must not fail a trade.
 */
export async function publishTrade(
  pusher: Pick<Pusher, "trigger">,
  trade: TradeDto,
  options: PublishTradeOptions = {},
): Promise<boolean> {
  const socketId = socketIdSchema.safeParse(options.excludeSocketId);
  const params = socketId.success ? { socket_id: socketId.data } : undefined;
  try {
    await pusher.trigger([PRICE_CHANNEL, marketChannel(trade.marketId)], PRICE_EVENT, toPriceUpdate(trade), params);
    return true;
  } catch (error) {
    console.error(`[publish-trade] trade ${trade.id} (${trade.marketId}) not announced: ${describeTriggerFailure(error)}`);
    return false;
  }
}
