// Order entry through the DB layer on a real SQLite file and a real PostgreSQL: place, fill, cancel end to end with every
// balance exact; one order per client key (repeated and concurrent); refusals change nothing; the DB
// is the truth after a restart (the book rebuilt from the open orders) and after another process wrote.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/db-client";
import { cancelAllOrders } from "@/lib/exchange/cancel-all-orders";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { bookOf } from "@/lib/exchange/exchange-update";
import { cachedEngine, dropEngine, rebuildEngine } from "@/lib/exchange/market-engines";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { readBalances } from "@/lib/exchange/read-balances";
import { readMyOrders } from "@/lib/exchange/read-open-orders";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { settleOrderKey } from "@/lib/exchange/settle-order-key";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, invariantProblems, orderRequest, placeNewOrder, readAccount, TEST_DATABASES, totalsByCurrency, type ExchangeDb } from "../support/exchange-db";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let db: ExchangeDb;
  let alice: string;
  let bob: string;
  let carol: string;

  const GRANT = { usd: "100000", btc: "2", eth: "30" };

  beforeAll(async () => {
    db = await createExchangeDb("place-order", "50000", provider === "postgresql" ? postgres : undefined);
  });
  afterAll(async () => db.close());

  beforeEach(async () => {
    // Each test starts from an empty book and fresh members.
    for (const marketId of ["btcusd", "ethusd"]) for (const id of [alice, bob, carol]) if (id) await cancelAllOrders(db.client, marketId, id);
    alice = await createMember(db.client, "alice", GRANT);
    bob = await createMember(db.client, "bob", GRANT);
    carol = await createMember(db.client, "carol", { usd: "20" });
  });

  const order = orderRequest;
  const placed = (request: PlaceOrderRequest) => placeNewOrder(db.client, request);

  /** Every row that an order command may change, for "nothing changed" assertions. */
  async function snapshot() {
    const { client } = db;
    return {
      orders: await client.order.findMany({ orderBy: { id: "asc" } }),
      accounts: await client.account.findMany({ orderBy: [{ userId: "asc" }, { currencyId: "asc" }] }),
      trades: await client.trade.count(),
      notifications: await client.notification.count(),
      markets: await client.market.findMany({ orderBy: { id: "asc" }, select: { id: true, sequence: true } }),
      voided: await client.voidedClientKey.count(),
    };
  }

  describe("placing, filling and cancelling", () => {
    it("a limit sell rests and locks its volume; a crossing buy fills at the maker's price; balances move exactly", async () => {
      const totalsBefore = await totalsByCurrency(db.client);
      const sequenceBefore = (await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence;

      const ask = await placed(order(alice, { side: "sell", price: "50000", volume: "0.5" }));
      expect(ask.order).toMatchObject({ side: "sell", kind: "limit", price: "50000.00", volume: "0.5000", originVolume: "0.5000", state: "wait", locked: "0.50000000", lockCurrency: "btc" });
      expect(await readAccount(db.client, alice, "btc")).toEqual({ balance: "1.50000000", locked: "0.50000000" });
      expect(ask.update.book).toEqual({ asks: [["50000.00", "0.5000"]], bids: [], sequence: sequenceBefore + 1 });
      expect(await readOrderBook(db.client, "btcusd")).toMatchObject({ asks: [["50000.00", "0.5000"]], bids: [], sequence: sequenceBefore + 1 });

      // Bob bids above the ask: he pays the maker's 50000.00, and the 0.2 x 100 he locked above it comes back.
      const bid = await placed(order(bob, { side: "buy", price: "50100", volume: "0.2" }));
      expect(bid.order).toMatchObject({ state: "done", volume: "0.0000", filledVolume: "0.2000", filledFunds: "10000.000000", averagePrice: "50000.00", locked: "0.00000000" });
      expect(bid.fills).toEqual([expect.objectContaining({ side: "buy", price: "50000", amount: "0.2", mine: true })]);
      expect(await readAccount(db.client, bob, "usd")).toEqual({ balance: "90000.00000000", locked: "0.00000000" });
      expect(await readAccount(db.client, bob, "btc")).toEqual({ balance: "2.20000000", locked: "0.00000000" });
      expect(await readAccount(db.client, alice, "usd")).toEqual({ balance: "110000.00000000", locked: "0.00000000" });
      expect(await readAccount(db.client, alice, "btc")).toEqual({ balance: "1.50000000", locked: "0.30000000" });

      // The fill: a Trade row (tape, candles, ticker read it) linking both orders, and a notice for each member.
      const trade = await db.client.trade.findFirstOrThrow({ where: { takerOrderId: bid.order.id } });
      expect({ side: trade.side, price: trade.price.toFixed(), amount: trade.amount.toFixed(), userId: trade.userId, makerUserId: trade.makerUserId, makerOrderId: trade.makerOrderId }).toEqual({
        side: "buy", price: "50000", amount: "0.2", userId: bob, makerUserId: alice, makerOrderId: ask.order.id,
      });
      expect(await db.client.notification.findMany({ where: { tradeId: trade.id }, select: { userId: true, body: true }, orderBy: { id: "asc" } })).toEqual([
        { userId: alice, body: "Sold 0.2 BTC at 50,000.00 USD" },
        { userId: bob, body: "Bought 0.2 BTC at 50,000.00 USD" },
      ]);
      const mine = await readMyOrders(db.client, alice, "btcusd", "open");
      expect(mine?.orders).toEqual([expect.objectContaining({ id: ask.order.id, volume: "0.3000", filledVolume: "0.2000", state: "wait", locked: "0.30000000" })]);

      // Alice cancels the rest: 0.3 BTC comes back, the level is gone, and the history has it.
      const cancelled = await cancelOrder(db.client, "btcusd", alice, ask.order.id);
      expect(cancelled).toMatchObject({ ok: true, cancelled: [{ id: ask.order.id, state: "cancel", cancelReason: "user", volume: "0.3000" }] });
      expect(await readAccount(db.client, alice, "btc")).toEqual({ balance: "1.80000000", locked: "0.00000000" });
      expect(await readOrderBook(db.client, "btcusd")).toMatchObject({ asks: [], bids: [], sequence: sequenceBefore + 3 });
      expect((await readMyOrders(db.client, alice, "btcusd", "history"))?.orders.map((o) => [o.id, o.state])).toEqual([[ask.order.id, "cancel"]]);

      // Conservation: per currency, balance + locked over all accounts is what it was.
      expect(await totalsByCurrency(db.client)).toEqual(totalsBefore);
      expect(await invariantProblems(db.client)).toEqual([]);
    });

    it("a market buy spends at most its bound across levels; its unfilled rest is cancelled and unlocked", async () => {
      await placed(order(alice, { side: "sell", price: "50000", volume: "0.1" }));
      await placed(order(alice, { side: "sell", price: "50010", volume: "0.1" }));
      // 7,500 USD buys 0.1 at 50,000 and 0.0499 at 50,010 (2,495.499); the rest of the bound returns.
      const buy = await placed(order(bob, { kind: "market", volume: "1", quoteBound: "7500" }));
      expect(buy.order).toMatchObject({ kind: "market", price: null, state: "cancel", cancelReason: "market-remainder", filledVolume: "0.1499", locked: "0.00000000" });
      expect(buy.fills.map((fill) => [fill.price, fill.amount])).toEqual([["50000", "0.1"], ["50010", "0.0499"]]);
      expect(await readAccount(db.client, bob, "usd")).toEqual({ balance: "92504.50100000", locked: "0.00000000" });
      expect(await readAccount(db.client, bob, "btc")).toEqual({ balance: "2.14990000", locked: "0.00000000" });
      expect((await readOrderBook(db.client, "btcusd"))?.asks).toEqual([["50010.00", "0.0501"]]);
      expect(await invariantProblems(db.client)).toEqual([]);
    });

    it("self-trade: a member's crossing order cancels their own resting one and trades with nobody", async () => {
      const resting = await placed(order(alice, { side: "sell", price: "50000", volume: "0.1" }));
      const crossing = await placed(order(alice, { side: "buy", price: "50000", volume: "0.1" }));
      expect(crossing.fills).toEqual([]);
      expect(crossing.order.state).toBe("wait");
      expect(crossing.update.members[0]?.orders.map((event) => [event.id, event.state])).toEqual(
        expect.arrayContaining([[resting.order.id, "cancel"], [crossing.order.id, "wait"]]),
      );
      expect(await readOrderBook(db.client, "btcusd")).toMatchObject({ asks: [], bids: [["50000.00", "0.1000"]] });
      expect(await invariantProblems(db.client)).toEqual([]);
    });

    it("cancel all cancels every open order of the member in that market, one sequence step; none open: nothing written", async () => {
      const first = await placed(order(alice, { side: "sell", price: "51000", volume: "0.1" }));
      const second = await placed(order(alice, { side: "buy", price: "49000", volume: "0.1" }));
      const other = await placed(order(bob, { side: "buy", price: "48000", volume: "0.1" }));
      const before = (await readOrderBook(db.client, "btcusd"))!.sequence;
      const all = await cancelAllOrders(db.client, "btcusd", alice);
      expect(all.ok && all.cancelled.map((o) => o.id).sort()).toEqual([first.order.id, second.order.id].sort());
      expect(await readOrderBook(db.client, "btcusd")).toMatchObject({ sequence: before + 1, asks: [], bids: [["48000.00", "0.1000"]] });
      expect(await readAccount(db.client, alice, "usd")).toEqual({ balance: "100000.00000000", locked: "0.00000000" });
      const state = await snapshot();
      expect(await cancelAllOrders(db.client, "btcusd", alice)).toEqual({ ok: true, cancelled: [], update: null });
      expect(await snapshot()).toEqual(state);
      expect((await readMyOrders(db.client, bob, "btcusd"))?.orders.map((o) => o.id)).toEqual([other.order.id]);
    });

    it("another member's order id gets the same answer as a missing one, and nothing changes", async () => {
      const ask = await placed(order(alice, { side: "sell", price: "50500", volume: "0.1" }));
      const state = await snapshot();
      const foreign = await cancelOrder(db.client, "btcusd", bob, ask.order.id);
      const missing = await cancelOrder(db.client, "btcusd", bob, "00000000-0000-4000-8000-000000000000");
      expect(foreign).toEqual({ ok: false, error: { code: "order_not_found", field: "orderId", message: "No open order with that id" } });
      expect(missing).toEqual(foreign);
      expect(await snapshot()).toEqual(state);
    });
  });

  describe("refusals change nothing", () => {
    const cases: Array<[string, (ids: { alice: string; carol: string }) => PlaceOrderRequest, string, string | null]> = [
      ["no funds", ({ carol }) => order(carol, { price: "50000", volume: "0.01" }), "insufficient_funds", "volume"],
      ["zero amount", ({ alice }) => order(alice, { price: "50000", volume: "0" }), "not_positive", "volume"],
      ["negative amount", ({ alice }) => order(alice, { price: "50000", volume: "-1" }), "not_positive", "volume"],
      ["negative price", ({ alice }) => order(alice, { price: "-50000" }), "not_positive", "price"],
      ["off the price step", ({ alice }) => order(alice, { price: "50000.123" }), "price_off_tick", "price"],
      ["off the lot size", ({ alice }) => order(alice, { price: "50000", volume: "0.00000001" }), "volume_off_lot", "volume"],
      ["below the minimum value", ({ alice }) => order(alice, { price: "50000", volume: "0.0001" }), "below_min_value", "volume"],
      ["outside the band", ({ alice }) => order(alice, { price: "66893.12" }), "price_out_of_band", "price"],
      ["unknown market", ({ alice }) => order(alice, { marketId: "nopeusd", price: "1" }), "unknown_market", "marketId"],
      ["a market buy without a bound", ({ alice }) => order(alice, { kind: "market" }), "bound_required", "quoteBound"],
      ["not a decimal", ({ alice }) => order(alice, { price: "1e5" }), "invalid_decimal", "price"],
    ];
    for (const [name, build, code, field] of cases) {
      it(`${name}: ${code}`, async () => {
        await placed(order(bob, { side: "sell", price: "50000", volume: "0.1" }));
        const state = await snapshot();
        const result = await placeOrder(db.client, { ...build({ alice, carol }), clientOrderId: crypto.randomUUID() });
        expect(result).toMatchObject({ ok: false, error: { code, field } });
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
        expect(await snapshot()).toEqual(state);
      });
    }

    it("the band is ±20% of the last trade price, on the tick (fat-finger rule)", async () => {
      // A trade recorded by the old form moves the reference too: the engine is rebuilt on the new last price.
      await db.client.trade.create({ data: { marketId: "btcusd", side: "buy", price: "50000", amount: "0.01" } });
      expect(await placeOrder(db.client, order(alice, { price: "60000.01" }))).toMatchObject({
        ok: false,
        error: { code: "price_out_of_band", message: "Price must be within 20% of the last price 50000.00 USD: from 40000.00 USD to 60000.00 USD" },
      });
      expect((await placed(order(alice, { price: "40000", volume: "0.01" }))).order.state).toBe("wait");
    });

    it("a market without currencies set up is closed", async () => {
      await db.client.market.create({ data: { id: "xyzusd", name: "XYZ/USD", baseUnit: "xyz", quoteUnit: "usd" } });
      expect(await placeOrder(db.client, order(alice, { marketId: "xyzusd", price: "1" }))).toMatchObject({ ok: false, error: { code: "market_closed" } });
    });
  });

  describe("one order per client key", () => {
    it("the same key again answers with the first order and writes nothing", async () => {
      const key = crypto.randomUUID();
      const first = await placed(order(alice, { side: "sell", price: "50200", volume: "0.1", clientOrderId: key }));
      const state = await snapshot();
      const again = await placeOrder(db.client, order(alice, { side: "sell", price: "50300", volume: "0.2", clientOrderId: key }));
      expect(again).toEqual({ ok: true, repeat: true, order: first.order, market: first.market, fills: [], update: null });
      expect(await snapshot()).toEqual(state);
      // Keys are per member: bob's same key is a new order.
      expect((await placed(order(bob, { side: "sell", price: "50300", volume: "0.1", clientOrderId: key }))).order.clientOrderId).toBe(key);
    });

    it("the same key submitted concurrently places one order; the others are repeats of it", async () => {
      const key = crypto.randomUUID();
      const results = await Promise.all(Array.from({ length: 6 }, () => placeOrder(db.client, order(alice, { side: "sell", price: "50400", volume: "0.1", clientOrderId: key }))));
      const ids = new Set(results.map((result) => (result.ok ? result.order.id : "refused")));
      expect(ids.size).toBe(1);
      expect(results.filter((result) => result.ok && !result.repeat)).toHaveLength(1);
      expect(await db.client.order.count({ where: { userId: alice, clientOrderId: key } })).toBe(1);
      expect(await readAccount(db.client, alice, "btc")).toEqual({ balance: "1.90000000", locked: "0.10000000" });
    });

    // PostgreSQL only: on SQLite every transaction holds the file's write lock (and a second SQLite client in
    // this process would wait for it synchronously, blocking the first); the multi-process test covers SQLite.
    it.skipIf(provider === "sqlite")("placing a key and settling it from another client (another app instance) race: the key ends placed or voided, never both", async () => {
      const other = createDbClient(db.databaseUrl);
      try {
        for (let round = 0; round < 8; round += 1) {
          const key = crypto.randomUUID();
          const [place, settle] = await Promise.all([
            placeOrder(db.client, order(alice, { price: "49000", volume: "0.01", clientOrderId: key })),
            settleOrderKey(other, alice, key),
          ]);
          const stored = await db.client.order.count({ where: { userId: alice, clientOrderId: key } });
          const voided = await db.client.voidedClientKey.count({ where: { userId: alice, clientKey: key } });
          if (place.ok) {
            // Placed first: the settle that followed says placed, with that order, and voided nothing.
            expect(settle).toMatchObject({ outcome: "placed", order: { id: place.order.id } });
            expect([stored, voided]).toEqual([1, 0]);
          } else {
            expect(place.error.code).toBe("not_placed");
            expect(settle.outcome).toBe("not-placed");
            expect([stored, voided]).toEqual([0, 1]);
          }
        }
      } finally {
        await other.$disconnect();
      }
    });

    it("a key answered 'not placed' (voided) never places", async () => {
      const key = crypto.randomUUID();
      await db.client.voidedClientKey.create({ data: { userId: alice, clientKey: key } });
      const state = await snapshot();
      expect(await placeOrder(db.client, order(alice, { price: "50000", clientOrderId: key }))).toMatchObject({ ok: false, error: { code: "not_placed" } });
      expect(await snapshot()).toEqual(state);
    });
  });

  describe("the DB is the truth", () => {
    it("after a restart the book is exactly the open orders, and matching goes on from them", async () => {
      await placed(order(alice, { side: "sell", price: "50100", volume: "0.3" }));
      await placed(order(bob, { side: "sell", price: "50100", volume: "0.2" }));
      await placed(order(bob, { side: "buy", price: "49900", volume: "0.1" }));
      const market = await readExchangeMarket(db.client, "btcusd");
      if (typeof market === "string") throw new Error(market);
      const live = cachedEngine("btcusd")!;
      const rebuilt = await rebuildEngine(db.client, market, live.lastPrice);
      expect(rebuilt.openOrders()).toEqual(live.openOrders());
      const stored = await readOrderBook(db.client, "btcusd");
      expect({ asks: stored?.asks, bids: stored?.bids, sequence: stored?.sequence }).toEqual(bookOf(rebuilt));

      dropEngine("btcusd"); // a restarted process has no engine
      const dave = await createMember(db.client, "dave", GRANT);
      const taker = await placed(order(dave, { price: "50100", volume: "0.4" }));
      // Time priority survived the restart: alice's older 0.3 fills first, then 0.1 of bob's.
      expect(taker.fills.map((fill) => fill.amount)).toEqual(["0.3", "0.1"]);
      expect(await readOrderBook(db.client, "btcusd")).toMatchObject({ asks: [["50100.00", "0.1000"]] });
      expect(await invariantProblems(db.client)).toEqual([]);
    });

    it("an order placed by another process is in the book this process matches against", async () => {
      const key = crypto.randomUUID();
      const script = path.join(import.meta.dirname, "fixtures", "place-one-order.ts");
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, db.databaseUrl, alice, "sell", "50050", "0.25", key], { stdio: "pipe" });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
      expect(JSON.parse(output.trim())).toMatchObject({ ok: true, state: "wait" });

      const taker = await placed(order(bob, { price: "50050", volume: "0.25" }));
      expect(taker.fills.map((fill) => [fill.price, fill.amount])).toEqual([["50050", "0.25"]]);
      expect(await db.client.order.findFirstOrThrow({ where: { clientOrderId: key } })).toMatchObject({ state: "done", volume: 0n });
      expect(await invariantProblems(db.client)).toEqual([]);
    }, 60_000);

    it("balances re-read lists every currency, zero where the member has none", async () => {
      expect(await readBalances(db.client, carol)).toEqual({
        accounts: [
          { currency: "usd", balance: "20.00000000", locked: "0.00000000" },
          { currency: "btc", balance: "0.00000000", locked: "0.00000000" },
          { currency: "eth", balance: "0.00000000", locked: "0.00000000" },
        ],
      });
    });
  });
});
