// What pages receive when orders are placed, filled and cancelled: the order form's submission on a real
// SQLite file and a real PostgreSQL, announced through the real `pusher` SDK to our Channels server, read by real pusher-js
// clients: the book with a gap-free sequence and the fills on market-<id>-global, each fill's price on
// price_channel (with the fields today's page reads), tickers on market-global, and each member's order,
// trade and account events on their private channel (one in clear, one end-to-end encrypted).
import type { Channel } from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { privateChannelName } from "@/lib/auth/channel-names";
import { announceExchangeUpdate } from "@/lib/exchange/announce-exchange-update";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { submitCancelOrder, submitPlaceOrder } from "@/lib/exchange/submit-order-forms";
import { BOOK_EVENT, marketChannel, marketGlobalChannel, MARKET_GLOBAL_CHANNEL, PRICE_CHANNEL, PRICE_EVENT, PRIVATE_ACCOUNT_EVENT, PRIVATE_ORDER_EVENT, TICKERS_EVENT, TRADES_EVENT } from "@/lib/pusher/channels";
import { privateTradeEventSchema, PRIVATE_TRADE_EVENT } from "@/lib/schemas/notifications";
import { accountViewSchema, bookUpdateSchema, exchangeTickersSchema, privateFillEventSchema, privateOrderEventSchema, publicTradesSchema, type OrderFormState } from "@/lib/schemas/order";
import { priceUpdateSchema } from "@/lib/schemas/trade";
import { cleanup, client, sdk, startServer, subscribed } from "../../channels/helpers";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, type ExchangeDb, TEST_DATABASES } from "../support/exchange-db";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let db: ExchangeDb;
  let server: RunningChannelsServer;

  /** Every event a channel received, in order, and a way to wait for the n-th. */
  class Recorder {
    readonly events: Array<{ name: string; data: unknown }> = [];
    private waiters: Array<() => void> = [];

    constructor(channel: Channel) {
      channel.bind_global((name: string, data: unknown) => {
        if (name.startsWith("pusher:")) return;
        this.events.push({ name, data });
        for (const wake of this.waiters.splice(0)) wake();
      });
    }

    /** The data of every `name` event so far. */
    of(name: string): unknown[] {
      return this.events.filter((event) => event.name === name).map((event) => event.data);
    }

    /** Resolves once `count` events named `name` arrived. */
    async waitFor(name: string, count: number): Promise<unknown[]> {
      while (this.of(name).length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
      return this.of(name);
    }
  }

  beforeAll(async () => {
    db = await createExchangeDb("publish", "50000", provider === "postgresql" ? postgres : undefined);
  });
  afterAll(async () => db.close());
  afterEach(cleanup);

  function succeeded(state: OrderFormState) {
    if (state.status !== "success") throw new Error(`not placed: ${JSON.stringify(state)}`);
    return state;
  }

  describe("announcing order commands", () => {
    it("book, fills, prices, tickers and both members' private events arrive with the right payloads", async () => {
      server = await startServer();
      const pusher = sdk(server); // has the encryption master key
      const alice = await createMember(db.client, "alice", { usd: "100000", btc: "2" });
      const bob = await createMember(db.client, "bob", { usd: "100000", btc: "2" });
      const sn = async (id: string) => (await db.client.user.findUniqueOrThrow({ where: { id } })).sn;
      const aliceChannel = privateChannelName(await sn(alice), false);
      const bobChannel = privateChannelName(await sn(bob), true);
      const privateChannel = (memberSn: string) => (aliceChannel.endsWith(memberSn) ? aliceChannel : privateChannelName(memberSn, true));
      const announce = (update: ExchangeUpdate | null) => (update === null ? Promise.resolve(true) : announceExchangeUpdate(pusher, db.client, update, { privateChannel }));

      const watcher = client(server);
      const book = new Recorder((await subscribed(watcher, marketGlobalChannel("btcusd"))).channel);
      const prices = new Recorder((await subscribed(watcher, PRICE_CHANNEL)).channel);
      const perMarket = new Recorder((await subscribed(watcher, marketChannel("btcusd"))).channel);
      const tickers = new Recorder((await subscribed(watcher, MARKET_GLOBAL_CHANNEL)).channel);
      const aliceEvents = new Recorder((await subscribed(client(server), aliceChannel)).channel);
      const bobEvents = new Recorder((await subscribed(client(server), bobChannel)).channel);
      const start = (await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence;

      // Alice rests a sell: the book shows the level, she hears her order and her locked BTC.
      const ask = await submitPlaceOrder(db.client, alice, { marketId: "btcusd", side: "sell", kind: "limit", price: "50000", volume: "0.5", clientKey: crypto.randomUUID() });
      const askOrder = succeeded(ask.state).order;
      expect(await announce(ask.update)).toBe(true);
      expect(bookUpdateSchema.parse((await book.waitFor(BOOK_EVENT, 1))[0])).toEqual({ asks: [["50000.00", "0.5000"]], bids: [], sequence: start + 1 });
      const [placedEvent] = await aliceEvents.waitFor(PRIVATE_ORDER_EVENT, 1);
      expect(privateOrderEventSchema.parse(placedEvent)).toMatchObject({ id: askOrder.id, market: "btcusd", kind: "ask", ord_type: "limit", price: "50000.00", state: "wait", volume: "0.5000", origin_volume: "0.5000", order: askOrder });
      expect((await aliceEvents.waitFor(PRIVATE_ACCOUNT_EVENT, 1)).map((data) => accountViewSchema.parse(data))).toEqual([{ currency: "btc", balance: "1.50000000", locked: "0.50000000" }]);
      const firstTickers = exchangeTickersSchema.parse((await tickers.waitFor(TICKERS_EVENT, 1))[0]);
      expect(firstTickers.btcusd).toMatchObject({ name: "BTC/USD", base_unit: "btc", quote_unit: "usd", last: "50000", sell: "50000.00", buy: null });
      expect(firstTickers.ethusd).toMatchObject({ last: null, buy: null, sell: null, volume: "0" });

      // Bob's crossing buy fills 0.2 at 50,000.00.
      const bid = await submitPlaceOrder(db.client, bob, { marketId: "btcusd", side: "buy", kind: "limit", price: "50100", volume: "0.2", clientKey: crypto.randomUUID() });
      const bidState = succeeded(bid.state);
      expect(bidState.message).toBe("Bought 0.2000 BTC at an average 50,000.00 USD.");
      expect(await announce(bid.update)).toBe(true);
      const tradeId = bidState.fills[0]!.id;
      expect(bookUpdateSchema.parse((await book.waitFor(BOOK_EVENT, 2))[1])).toEqual({ asks: [["50000.00", "0.3000"]], bids: [], sequence: start + 2 });
      const [trades] = await book.waitFor(TRADES_EVENT, 1);
      expect(publicTradesSchema.parse(trades)).toEqual({ trades: [{ tid: tradeId, type: "buy", date: expect.any(Number), price: "50000.00", amount: "0.2000" }] });
      // The seeds' subscriber reads `price`; today's page reads the rest of the same payload.
      const [price] = await prices.waitFor(PRICE_EVENT, 1);
      expect(priceUpdateSchema.parse(price)).toEqual({ marketId: "btcusd", tradeId, side: "buy", price: "50000", amount: "0.2", createdAt: bidState.fills[0]!.createdAt });
      expect(await perMarket.waitFor(PRICE_EVENT, 1)).toEqual([price]);

      // Bob's events come encrypted and pusher-js decrypts them: his order (done), his fill, his two accounts.
      const [bobOrder] = await bobEvents.waitFor(PRIVATE_ORDER_EVENT, 1);
      expect(privateOrderEventSchema.parse(bobOrder)).toMatchObject({ id: bidState.order.id, kind: "bid", state: "done", volume: "0.0000", origin_volume: "0.2000" });
      const [bobFill] = await bobEvents.waitFor(PRIVATE_TRADE_EVENT, 1);
      expect(privateFillEventSchema.parse(bobFill)).toMatchObject({ id: tradeId, kind: "bid", price: "50000.00", volume: "0.2000", market: "btcusd", trade: { id: tradeId, side: "buy", price: "50000", amount: "0.2" } });
      // Today's page parses the same event for its notifications panel.
      expect(privateTradeEventSchema.parse(bobFill).notification).toMatchObject({ kind: "trade", title: "Trade confirmed · BTC/USD", body: "Bought 0.2 BTC at 50,000.00 USD", tradeId });
      expect((await bobEvents.waitFor(PRIVATE_ACCOUNT_EVENT, 2)).map((data) => accountViewSchema.parse(data))).toEqual(
        expect.arrayContaining([
          { currency: "usd", balance: "90000.00000000", locked: "0.00000000" },
          { currency: "btc", balance: "2.20000000", locked: "0.00000000" },
        ]),
      );
      // Alice hears the maker's side: her order partly filled, her fill as an ask, her new balances.
      const aliceOrders = (await aliceEvents.waitFor(PRIVATE_ORDER_EVENT, 2)).map((data) => privateOrderEventSchema.parse(data));
      expect(aliceOrders[1]).toMatchObject({ id: askOrder.id, state: "wait", volume: "0.3000", origin_volume: "0.5000", order: { filledVolume: "0.2000", averagePrice: "50000.00" } });
      const [aliceFill] = await aliceEvents.waitFor(PRIVATE_TRADE_EVENT, 1);
      expect(privateFillEventSchema.parse(aliceFill)).toMatchObject({ id: tradeId, kind: "ask", trade: { side: "sell" }, notification: { body: "Sold 0.2 BTC at 50,000.00 USD" } });
      expect((await aliceEvents.waitFor(PRIVATE_ACCOUNT_EVENT, 3)).slice(1).map((data) => accountViewSchema.parse(data))).toEqual(
        expect.arrayContaining([
          { currency: "btc", balance: "1.50000000", locked: "0.30000000" },
          { currency: "usd", balance: "110000.00000000", locked: "0.00000000" },
        ]),
      );
      // The 24h volume counts the fill (on top of the 0.1 of the market's earlier trade).
      await expect.poll(() => exchangeTickersSchema.parse(tickers.of(TICKERS_EVENT).at(-1)).btcusd?.volume).toBe("0.3");

      // Bob cannot cancel alice's order (the answer of a missing id, and nothing is announced); alice can.
      const refused = await submitCancelOrder(db.client, bob, { marketId: "btcusd", orderId: askOrder.id });
      expect(refused).toEqual({ state: { status: "error", code: "order_not_found", message: "No open order with that id", errors: { orderId: ["No open order with that id"] } }, update: null });
      const cancelled = await submitCancelOrder(db.client, alice, { marketId: "btcusd", orderId: askOrder.id });
      expect(cancelled.state).toMatchObject({ status: "success", message: "Order cancelled.", cancelled: [{ id: askOrder.id, state: "cancel" }] });
      expect(await announce(cancelled.update)).toBe(true);
      expect(bookUpdateSchema.parse((await book.waitFor(BOOK_EVENT, 3))[2])).toEqual({ asks: [], bids: [], sequence: start + 3 });
      expect((await aliceEvents.waitFor(PRIVATE_ORDER_EVENT, 3)).map((data) => privateOrderEventSchema.parse(data))[2]).toMatchObject({ id: askOrder.id, state: "cancel" });
      expect(accountViewSchema.parse((await aliceEvents.waitFor(PRIVATE_ACCOUNT_EVENT, 4))[3])).toEqual({ currency: "btc", balance: "1.80000000", locked: "0.00000000" });

      // Each member got their own events and nobody else's: alice's cancel was her last event; a marker sent
      // after it to bob's channel arrives after everything the three commands sent him.
      expect(aliceEvents.events.map((event) => event.name)).toEqual(["order", "account", "order", "trade", "account", "account", "order", "account"]);
      await pusher.trigger(bobChannel, "marker", {});
      await bobEvents.waitFor("marker", 1);
      expect(bobEvents.events.map((event) => event.name)).toEqual(["order", "trade", "account", "account", "marker"]);
    });

    it("a refused order announces nothing and says why, field by field", async () => {
      const carol = await createMember(db.client, "carol", { usd: "5" });
      const outcome = await submitPlaceOrder(db.client, carol, { marketId: "btcusd", side: "buy", kind: "limit", price: "50000.001", volume: "0.1", clientKey: crypto.randomUUID() });
      expect(outcome).toEqual({
        state: { status: "error", code: "price_off_tick", message: "Price must be a multiple of the price step 0.01", errors: { price: ["Price must be a multiple of the price step 0.01"] } },
        update: null,
      });
      const noKey = await submitPlaceOrder(db.client, carol, { marketId: "btcusd", side: "buy", kind: "limit", price: "50000", volume: "0.1" });
      expect(noKey.state).toMatchObject({ status: "error", code: "invalid_input" });
      const badFields = await submitPlaceOrder(db.client, carol, { marketId: "btcusd", side: "hold", kind: "limit", price: "1,000", volume: "", clientKey: crypto.randomUUID() });
      expect(badFields.state).toMatchObject({ status: "error", code: "invalid_input", errors: { side: ["Choose buy or sell"], price: [expect.stringContaining("plain decimal")], volume: ["Amount is required"] } });
      const unknown = await submitPlaceOrder(db.client, carol, { marketId: "NOPE!", side: "buy", kind: "limit", price: "1", volume: "1", clientKey: crypto.randomUUID() });
      expect(unknown.state).toMatchObject({ status: "error", code: "unknown_market", message: "Unknown market" });
      const poor = await submitPlaceOrder(db.client, carol, { marketId: "btcusd", side: "buy", kind: "limit", price: "50000", volume: "0.1", clientKey: crypto.randomUUID() });
      expect(poor.state).toMatchObject({ status: "error", code: "insufficient_funds", message: "Not enough USD: this order needs 5000.00000000 USD and 5.00000000 USD is available" });
    });
  });
});
