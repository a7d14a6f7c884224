"use client";
// Listens to the signed-in user's private channel for `trade` events (decrypted by pusher-js when the
// channel is private-encrypted-), parsed with the shared schema, and makes up for the ones the socket
// missed: once the connection has dropped and the channel is subscribed again, it re-reads the member's
// newest fills (GET /api/trades/mine, each with its stored notification) and hands on, oldest first,
// those it has neither handed on nor seen before, as if they had arrived live. So a fill made while the
// page was reconnecting (a resting order filled, a trade from another tab) still reaches the "Mine" tab
// (marked "(you)"), the alerts and the bell. At the first subscription it only notes what is there: the
// page was rendered from the DB moments before.
import { useCallback, useEffect, useRef } from "react";
import { useChannel, useChannelEvent, usePusherConnection } from "@/lib/pusher/use-pusher";
import { PRIVATE_TRADE_EVENT, privateTradeEventSchema, privateTradeEventsSchema, type PrivateTradeEvent } from "@/lib/schemas/notifications";

/** Where a page re-reads its member's newest fills. */
const MY_TRADES_URL = "/api/trades/mine";

/** One re-read per channel shared by the page's hooks that ask within this long of each other. */
const SHARED_READ_MS = 1_000;
const reads = new Map<string, { at: number; events: Promise<PrivateTradeEvent[] | null> }>();

/** The member's newest fills (null when they could not be read), read once for every hook of `channel` asking at about the same time. */
function readMyTrades(channel: string): Promise<PrivateTradeEvent[] | null> {
  const now = Date.now();
  const recent = reads.get(channel);
  if (recent !== undefined && now - recent.at < SHARED_READ_MS) return recent.events;
  const events = fetch(MY_TRADES_URL, { cache: "no-store", headers: { accept: "application/json" } })
    .then(async (response) => {
      if (!response.ok) return null;
      const parsed = privateTradeEventsSchema.safeParse(await response.json());
      return parsed.success ? parsed.data.events : null;
    })
    .catch(() => null);
  reads.set(channel, { at: now, events });
  return events;
}

/** Calls `onTrade` for each valid `trade` event on `privateChannel` (null: not signed in), and for each one missed while disconnected. */
export function usePrivateTrades(privateChannel: string | null, onTrade: (event: PrivateTradeEvent) => void): void {
  const latest = useRef(onTrade);
  useEffect(() => {
    latest.current = onTrade;
  });
  // Trade ids handed on or already there at the first subscription; whether that first look was taken;
  // whether the connection dropped since the channel was last subscribed.
  const seen = useRef(new Set<number>());
  const baseline = useRef<Promise<void> | null>(null);
  const dropped = useRef(false);

  useChannelEvent(privateChannel, PRIVATE_TRADE_EVENT, (data) => {
    const parsed = privateTradeEventSchema.safeParse(data);
    if (!parsed.success) return;
    seen.current.add(parsed.data.trade.id);
    onTrade(parsed.data);
  });

  const subscribed = useCallback(() => {
    if (privateChannel === null) return;
    if (baseline.current === null) {
      baseline.current = readMyTrades(privateChannel).then((events) => {
        if (events === null) baseline.current = null; // not read: the next subscription looks again
        for (const event of events ?? []) seen.current.add(event.trade.id);
      });
      return;
    }
    if (!dropped.current) return;
    dropped.current = false;
    const first = baseline.current;
    void first
      .then(() => readMyTrades(privateChannel))
      .then((events) => {
        for (const event of events ?? []) {
          if (seen.current.has(event.trade.id)) continue;
          seen.current.add(event.trade.id);
          latest.current(event);
        }
      });
  }, [privateChannel]);

  // pusher-js resubscribes after every reconnect; a channel another hook of the page already holds may be
  // subscribed before this hook binds, so that is checked once it is held.
  useChannelEvent(privateChannel, "pusher:subscription_succeeded", () => subscribed());
  const channel = useChannel(privateChannel);
  useEffect(() => {
    if (channel?.subscribed) subscribed();
  }, [channel, subscribed]);

  const { state } = usePusherConnection();
  useEffect(() => {
    if (state !== "live" && baseline.current !== null) dropped.current = true;
  }, [state]);
}
