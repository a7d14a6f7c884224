"use client";
// Listens to the signed-in user's private channel for `trade` events (decrypted by pusher-js when the
// channel is private-encrypted-), parsed with the shared schema.
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import { PRIVATE_TRADE_EVENT, privateTradeEventSchema, type PrivateTradeEvent } from "@/lib/schemas/notifications";

/** Calls `onTrade` for each valid `trade` event on `privateChannel` (null: not signed in). */
export function usePrivateTrades(privateChannel: string | null, onTrade: (event: PrivateTradeEvent) => void): void {
  useChannelEvent(privateChannel, PRIVATE_TRADE_EVENT, (data) => {
    const parsed = privateTradeEventSchema.safeParse(data);
    if (parsed.success) onTrade(parsed.data);
  });
}
