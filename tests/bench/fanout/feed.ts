// The exchange-feed load: one trigger is a batch_events of 10 across one market's channels, shaped as the
// exchange announces order commands (lib/exchange): three commands' book update and trades on
// market-<id>-global and their price on price_channel, then the market-global tickers. Every event's data
// carries the send stamp `t` and a sequence number, so the clients measure latency and order per event.

/** One event of a batch, its data already a JSON string (what the HTTP API and the references take). */
export interface FeedEvent {
  channel: string;
  name: string;
  data: string;
}

/** The channels a market page listens on for the feed; every feed subscriber joins all of them. */
export const feedChannels = ["market-btcusd-global", "price_channel", "market-global"] as const;

/** Events per batch (hosted Pusher's batch_events limit). */
export const feedBatchSize = 10;

const COMMANDS_PER_BATCH = 3;

function level(price: number, amount: number): string {
  return `["${price.toFixed(2)}","${amount.toFixed(4)}"]`;
}

/** The data of a book update, `levels` levels a side (the app sends at most 50; the demo market maker keeps 10). */
function bookTail(levels: number, command: number): string {
  const mid = 60_000 + command;
  const asks = Array.from({ length: levels }, (_, i) => level(mid + 0.5 + i * 0.5, 0.1 + ((i * 7) % 13) / 10));
  const bids = Array.from({ length: levels }, (_, i) => level(mid - 0.5 - i * 0.5, 0.1 + ((i * 5) % 11) / 10));
  return `"asks":[${asks.join(",")}],"bids":[${bids.join(",")}],"sequence":${1000 + command}}`;
}

function tradesTail(command: number): string {
  return `"trades":[{"tid":${9000 + command},"type":"buy","date":1764800000,"price":"${(60_000 + command).toFixed(2)}","amount":"0.2500"}]}`;
}

function priceTail(command: number): string {
  return `"price":"${(60_000 + command).toFixed(2)}","marketId":"btcusd","tradeId":${9000 + command},"side":"buy","amount":"0.2500","createdAt":"2026-12-03T17:00:00.000Z"}`;
}

function tickersTail(): string {
  const ticker = (name: string, base: string, last: string) =>
    `"${base}usd":{"name":"${name}","base_unit":"${base}","quote_unit":"usd","last":"${last}","open":"59000.00","high":"61000.00","low":"58000.00","volume":"123.4567","buy":"${last}","sell":"${last}","at":1764800000}`;
  return `${ticker("BTC/USD", "btc", "60000.00")},${ticker("ETH/USD", "eth", "3000.00")}}`;
}

/** Builds batches cheaply: the event bodies are made once, each batch only prepends its stamps. */
export class FeedBatches {
  private readonly template: Array<{ channel: string; name: string; tail: string }>;

  constructor(levels: number) {
    this.template = [];
    for (let command = 0; command < COMMANDS_PER_BATCH; command += 1) {
      this.template.push({ channel: "market-btcusd-global", name: "update", tail: bookTail(levels, command) });
      this.template.push({ channel: "market-btcusd-global", name: "trades", tail: tradesTail(command) });
      this.template.push({ channel: "price_channel", name: "update", tail: priceTail(command) });
    }
    this.template.push({ channel: "market-global", name: "tickers", tail: tickersTail() });
  }

  /** Batch number `batch`, stamped `t`; event i carries sequence number batch * 10 + i. */
  make(batch: number, t: number): FeedEvent[] {
    return this.template.map(({ channel, name, tail }, i) => ({ channel, name, data: `{"t":${t},"seq":${batch * feedBatchSize + i},${tail}` }));
  }

  /** Bytes of one batch's event data (what each subscriber receives, before framing). */
  dataBytes(): number {
    return this.make(0, 0).reduce((sum, event) => sum + Buffer.byteLength(event.data), 0);
  }
}
