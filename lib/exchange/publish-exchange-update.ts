// Announces a committed command through the `pusher` SDK: the book and the new fills on
// `market-<id>-global`, each fill's price on `price_channel` and `market-<id>` (the current page's
// feed), and each touched member's `order`, `trade` and `account` events on their private channel.
// Batched (trigger_batch, 10 events a request: hosted Pusher's limit) through one outbox per market in
// this process, so events leave in commit order and, while a request is in flight, the next updates'
// events share requests. Never throws: the DB is the truth, the socket a hint.
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

/** An update waiting in its market's outbox: how many of its events are not sent yet, and whether all went through. */
interface OutboxEntry {
  update: ExchangeUpdate;
  unsent: number;
  delivered: boolean;
  settle: (delivered: boolean) => void;
}

/** One market's events not sent yet, oldest first, and whether a request is in flight. */
interface Outbox {
  queue: Array<{ event: ExchangeEvent; entry: OutboxEntry }>;
  sending: boolean;
}

/** The sequences a batch spans, for logs (members' channel names are secrets: never logged). */
function sequencesOf(batch: ReadonlyArray<{ entry: OutboxEntry }>): string {
  const first = batch[0]?.entry.update.sequence;
  const last = batch[batch.length - 1]?.entry.update.sequence;
  return first === last ? `sequence ${first}` : `sequences ${first}-${last}`;
}

/** Sends the outbox's events, BATCH_SIZE a request, until it is empty; events queued meanwhile join the next request. */
async function drain(pusher: Pick<Pusher, "triggerBatch">, marketId: string, outbox: Outbox): Promise<void> {
  outbox.sending = true;
  try {
    await sendQueued(pusher, marketId, outbox);
  } finally {
    outbox.sending = false;
  }
}

async function sendQueued(pusher: Pick<Pusher, "triggerBatch">, marketId: string, outbox: Outbox): Promise<void> {
  while (outbox.queue.length > 0) {
    const batch = outbox.queue.splice(0, BATCH_SIZE);
    let delivered = true;
    try {
      // The SDK encrypts private-encrypted- payloads in place: hand it fresh objects.
      await pusher.triggerBatch(batch.map(({ event }) => ({ channel: event.channel, name: event.name, data: event.data })));
    } catch (error) {
      console.error(`[publish-exchange] ${marketId} ${sequencesOf(batch)}: ${batch.length} events not announced: ${describeTriggerFailure(error)}`);
      delivered = false;
    }
    for (const { entry } of batch) {
      entry.delivered &&= delivered;
      entry.unsent -= 1;
      if (entry.unsent === 0) entry.settle(entry.delivered);
    }
  }
}

const outboxes = new WeakMap<object, Map<string, Outbox>>();

/**
 * Sends `update`'s events after every earlier update of its market from this process (one outbox per
 * market and pusher client): while a request is in flight, later updates' events wait and leave together,
 * up to BATCH_SIZE a request, so a busy market sends fewer, fuller requests. Resolves false (logged) when
 * any of its events were not delivered.
 */
export function publishExchangeUpdate(pusher: Pick<Pusher, "triggerBatch">, update: ExchangeUpdate, options: PublishOptions): Promise<boolean> {
  const events = exchangeEventsOf(update, options);
  if (events.length === 0) return Promise.resolve(true);
  let markets = outboxes.get(pusher);
  if (markets === undefined) {
    markets = new Map();
    outboxes.set(pusher, markets);
  }
  let outbox = markets.get(update.marketId);
  if (outbox === undefined) {
    outbox = { queue: [], sending: false };
    markets.set(update.marketId, outbox);
  }
  const sent = new Promise<boolean>((settle) => {
    const entry: OutboxEntry = { update, unsent: events.length, delivered: true, settle };
    for (const event of events) outbox.queue.push({ event, entry });
  });
  if (!outbox.sending) void drain(pusher, update.marketId, outbox);
  return sent;
}
