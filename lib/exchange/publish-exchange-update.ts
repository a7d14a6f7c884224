// Announces a committed command through the `pusher` SDK: the book and the new fills on
// `market-<id>-global`, each fill's price on `price_channel` and `market-<id>` (the current page's
// feed), and each touched member's `order`, `trade` and `account` events on their private channel.
// Batched (trigger_batch, 10 events a request: hosted Pusher's limit), and chained per market in this
// process so events leave in commit order. Never throws: the DB is the truth, the socket a hint.
import type Pusher from "pusher";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { BOOK_EVENT, marketChannel, marketGlobalChannel, PRICE_CHANNEL, PRICE_EVENT, PRIVATE_ACCOUNT_EVENT, PRIVATE_ORDER_EVENT, TRADES_EVENT } from "@/lib/pusher/channels";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";
import { PRIVATE_TRADE_EVENT } from "@/lib/schemas/notifications";

/** Events per batch request (hosted Pusher accepts at most 10). */
export const BATCH_SIZE = 10;
/** Fills per `trades` event (keeps each event well under the 10 KB event limit). */
export const TRADES_PER_EVENT = 50;

/** One event of a batch. */
export interface ExchangeEvent {
  channel: string;
  name: string;
  data: unknown;
}

/** How members' private channels are named (privateChannelFor: encrypted when the app has a master key). */
export interface PublishOptions {
  privateChannel: (sn: string) => string;
}

/** Every event of `update`, in the order they are sent. */
export function exchangeEventsOf(update: ExchangeUpdate, { privateChannel }: PublishOptions): ExchangeEvent[] {
  const global = marketGlobalChannel(update.marketId);
  const events: ExchangeEvent[] = [{ channel: global, name: BOOK_EVENT, data: update.book }];
  for (let start = 0; start < update.trades.length; start += TRADES_PER_EVENT) {
    events.push({ channel: global, name: TRADES_EVENT, data: { trades: update.trades.slice(start, start + TRADES_PER_EVENT) } });
  }
  for (const price of update.prices) {
    events.push({ channel: PRICE_CHANNEL, name: PRICE_EVENT, data: price }, { channel: marketChannel(update.marketId), name: PRICE_EVENT, data: price });
  }
  for (const member of update.members) {
    const channel = privateChannel(member.sn);
    for (const order of member.orders) events.push({ channel, name: PRIVATE_ORDER_EVENT, data: order });
    for (const trade of member.trades) events.push({ channel, name: PRIVATE_TRADE_EVENT, data: trade });
    for (const account of member.accounts) events.push({ channel, name: PRIVATE_ACCOUNT_EVENT, data: account });
  }
  return events;
}

async function sendBatches(pusher: Pick<Pusher, "triggerBatch">, update: ExchangeUpdate, events: ExchangeEvent[]): Promise<boolean> {
  let delivered = true;
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    // The SDK encrypts private-encrypted- payloads in place: hand it fresh objects.
    const batch = events.slice(start, start + BATCH_SIZE).map((event) => ({ channel: event.channel, name: event.name, data: event.data }));
    try {
      await pusher.triggerBatch(batch);
    } catch (error) {
      // Channel names of members are secrets (their sn): log the market and sequence only.
      console.error(`[publish-exchange] ${update.marketId} sequence ${update.sequence}: events ${start + 1}-${start + batch.length} of ${events.length} not announced: ${describeTriggerFailure(error)}`);
      delivered = false;
    }
  }
  return delivered;
}

const chains = new Map<string, Promise<unknown>>();

/** Sends `update`'s events after every earlier update of its market from this process; resolves false (logged) on any failure. */
export function publishExchangeUpdate(pusher: Pick<Pusher, "triggerBatch">, update: ExchangeUpdate, options: PublishOptions): Promise<boolean> {
  const events = exchangeEventsOf(update, options);
  const previous = chains.get(update.marketId) ?? Promise.resolve();
  const sent = previous.then(() => sendBatches(pusher, update, events));
  chains.set(update.marketId, sent);
  void sent.then(() => {
    if (chains.get(update.marketId) === sent) chains.delete(update.marketId);
  });
  return sent;
}
