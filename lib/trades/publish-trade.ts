// Announces a recorded trade on `price_channel` / `update` (and `market-<id>` / `update`) through
// the pusher server SDK. Fire-and-forget by design: the DB is the truth, the socket is a hint.
import type Pusher from "pusher";
import { marketChannel, PRICE_CHANNEL, PRICE_EVENT } from "@/lib/pusher/channels";
import type { TradeDto } from "@/lib/schemas/market";
import { SOCKET_ID_PATTERN, toPriceUpdate } from "@/lib/schemas/trade";

/** Who to leave out: the submitting page applies its own trade from the action's result. */
export interface PublishTradeOptions {
  excludeSocketId?: string;
}

/** A short description of a trigger failure for the log (status and body, never a stack dump). */
function describeFailure(error: unknown): string {
  if (error && typeof error === "object") {
    const { status, body, message } = error as { status?: unknown; body?: unknown; message?: unknown };
    const parts = [typeof status === "number" ? `HTTP ${status}` : null, typeof body === "string" ? body.trim() : null];
    const detail = parts.filter(Boolean).join(" ");
    if (detail) return detail;
    if (typeof message === "string") return message;
  }
  return String(error);
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
  const socketId = options.excludeSocketId;
  const params = socketId && SOCKET_ID_PATTERN.test(socketId) ? { socket_id: socketId } : undefined;
  try {
    await pusher.trigger([PRICE_CHANNEL, marketChannel(trade.marketId)], PRICE_EVENT, toPriceUpdate(trade), params);
    return true;
  } catch (error) {
    console.error(`[publish-trade] trade ${trade.id} (${trade.marketId}) not announced: ${describeFailure(error)}`);
    return false;
  }
}
