// Sends a trade confirmation on its trader's private channel. Never throws: the stored notification
// is the truth and the list re-reads it after a reload or reconnect.
import type Pusher from "pusher";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";
import { PRIVATE_TRADE_EVENT, type PrivateTradeEvent } from "@/lib/schemas/notifications";

/**
 * Triggers `trade` on `channel` (the trader's `privateChannelFor(user)`). On a private-encrypted-
 * channel the SDK encrypts the payload, so the Channels server only relays `{nonce, ciphertext}`.
 * Resolves true when accepted, false (after logging) otherwise.
 */
export async function publishPrivateTrade(
  pusher: Pick<Pusher, "trigger">,
  channel: string,
  event: PrivateTradeEvent,
): Promise<boolean> {
  try {
    await pusher.trigger(channel, PRIVATE_TRADE_EVENT, event);
    return true;
  } catch (error) {
    // The channel name is the user's secret sn: log the trade id, not the channel.
    console.error(`[publish-private-trade] trade ${event.trade.id} not sent to its trader: ${describeTriggerFailure(error)}`);
    return false;
  }
}

/** The private event payload for a recorded trade and its stored notification. */
export function toPrivateTradeEvent(
  trade: PrivateTradeEvent["trade"] & Record<string, unknown>,
  notification: PrivateTradeEvent["notification"],
): PrivateTradeEvent {
  const { id, marketId, side, price, amount, createdAt } = trade;
  return { trade: { id, marketId, side, price, amount, createdAt }, notification };
}
