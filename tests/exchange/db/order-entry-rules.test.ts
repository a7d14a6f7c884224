// The exchange's persistence rules one at a time, on a real SQLite file: guarded account updates (never
// below zero, exactly zero allowed, accounts created only for changes that take nothing away), what a
// command stores (the order's original lock, no write for a net-zero change, each member's side of a fill),
// a DB that no longer matches the engine stops the command with nothing written, the engine is reused only
// while the DB has not moved, a busy database is retried, demo grants, and the client keys that make
// placing idempotent (a repeat answers with the first order and its fills; a settled "not placed" is final).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDbClient } from "@/lib/db-client";
import { applyEngineEvents, BookOutOfStepError } from "@/lib/exchange/apply-engine-events";
import { cancelAllOrders } from "@/lib/exchange/cancel-all-orders";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { DEMO_GRANT, grantFunds } from "@/lib/exchange/demo-funds";
import { readExchangeMarket, type ExchangeDb as ExchangeTx } from "@/lib/exchange/exchange-market";
import { cachedEngine, dropEngine, loadEngine, parseReferencePrice } from "@/lib/exchange/market-engines";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { settleOrderKey } from "@/lib/exchange/settle-order-key";
import { CANCEL_FAILED_MESSAGE, NO_ORDER_KEY_MESSAGE, ORDER_FAILED_MESSAGE, submitCancelAllOrders, submitCancelOrder, submitPlaceOrder } from "@/lib/exchange/submit-order-forms";
import { applyAccountDelta, applyAccountDeltas, NegativeFundsError, readAvailable } from "@/lib/exchange/update-accounts";
import { NOT_PLACED_MESSAGE } from "@/lib/schemas/order";
import { DEMO_CURRENCIES, DEMO_MARKET_RULES } from "@/lib/seed/seed-exchange";
import { GROUP_LIMIT, runMarketCommand } from "@/lib/exchange/run-market-command";
import { applyMigrations } from "@/scripts/lib/migrations";
import { createExchangeDb, createMember, invariantProblems, orderRequest, placeNewOrder, readAccount, type ExchangeDb } from "../support/exchange-db";

let db: ExchangeDb;
beforeAll(async () => {
  db = await createExchangeDb("order-entry-rules");
});
afterAll(async () => db.close());

const GRANT = { usd: "100000", btc: "2" };
/** One unit of a currency at the demo scale (8 decimals). */
const UNIT = 100_000_000n;
const AT = new Date("2026-12-03T12:00:00.000Z");

const order = orderRequest;
const placed = (request: PlaceOrderRequest) => placeNewOrder(db.client, request);

async function accountRow(userId: string, currency: string) {
  return db.client.account.findUnique({ where: { userId_currencyId: { userId, currencyId: currency } } });
}

/** Runs `work` in a transaction that is always rolled back; resolves with what it returned. */
async function rolledBack<T>(work: (tx: ExchangeTx) => Promise<T>): Promise<T> {
  const results: T[] = [];
  const marker = new Error("roll back");
  await db.client
    .$transaction(async (tx) => {
      results.push(await work(tx));
      throw marker;
    })
    .catch((error: unknown) => {
      if (error !== marker) throw error;
    });
  const [result] = results;
  if (result === undefined) throw new Error("no result");
  return result;
}

describe("guarded account updates", () => {
  it("take a balance or a lock down to exactly zero, never below; a refused change writes nothing", async () => {
    const ann = await createMember(db.client, "ann", { usd: "100" });
    const [after] = await db.client.$transaction((tx) => applyAccountDeltas(tx, [{ memberId: ann, currency: "usd", balance: -100n * UNIT, locked: 100n * UNIT }], AT));
    expect(after).toEqual({ userId: ann, currency: "usd", balance: 0n, locked: 100n * UNIT });
    expect(await accountRow(ann, "usd")).toMatchObject({ balance: 0n, locked: 100n * UNIT, updatedAt: AT });

    const overLock = { memberId: ann, currency: "usd", balance: 100n * UNIT + 1n, locked: -(100n * UNIT + 1n) };
    const refused = db.client.$transaction((tx) => applyAccountDeltas(tx, [overLock], new Date(AT.getTime() + 1000)));
    await expect(refused).rejects.toThrow(NegativeFundsError);
    await expect(refused).rejects.toThrow(`account ${ann}/usd would go negative (balance 10000000001, locked -10000000001)`);
    await expect(db.client.$transaction((tx) => applyAccountDeltas(tx, [{ memberId: ann, currency: "usd", balance: -1n, locked: 0n }], AT))).rejects.toMatchObject({
      name: "NegativeFundsError",
      delta: { memberId: ann, currency: "usd", balance: -1n, locked: 0n },
    });
    expect(await accountRow(ann, "usd")).toMatchObject({ balance: 0n, locked: 100n * UNIT, updatedAt: AT });

    const [back] = await db.client.$transaction((tx) => applyAccountDeltas(tx, [{ memberId: ann, currency: "usd", balance: 100n * UNIT, locked: -100n * UNIT }], AT));
    expect(back).toEqual({ userId: ann, currency: "usd", balance: 100n * UNIT, locked: 0n });
    await db.client.account.deleteMany({ where: { userId: ann } });
  });

  it("create an account the member does not have only for a change that takes nothing away", async () => {
    const bea = await createMember(db.client, "bea");
    const [created] = await db.client.$transaction((tx) => applyAccountDeltas(tx, [{ memberId: bea, currency: "eth", balance: 5n, locked: 0n }], AT));
    expect(created).toEqual({ userId: bea, currency: "eth", balance: 5n, locked: 0n });
    expect(await accountRow(bea, "eth")).toMatchObject({ balance: 5n, locked: 0n, updatedAt: AT });
    for (const [balance, locked] of [[-1n, 1n], [1n, -1n]] as const) {
      await expect(db.client.$transaction((tx) => applyAccountDeltas(tx, [{ memberId: bea, currency: "btc", balance, locked }], AT))).rejects.toThrow(NegativeFundsError);
      expect(await accountRow(bea, "btc")).toBeNull();
    }
    // One change at a time (the fallback of the batched update) follows the same rules.
    expect(await db.client.$transaction((tx) => applyAccountDelta(tx, { memberId: bea, currency: "eth", balance: -5n, locked: 5n }, AT))).toEqual({ userId: bea, currency: "eth", balance: 0n, locked: 5n });
    expect(await db.client.$transaction((tx) => applyAccountDelta(tx, { memberId: bea, currency: "btc", balance: 0n, locked: 3n }, AT))).toEqual({ userId: bea, currency: "btc", balance: 0n, locked: 3n });
    await expect(db.client.$transaction((tx) => applyAccountDelta(tx, { memberId: bea, currency: "eth", balance: 0n, locked: -6n }, AT))).rejects.toThrow(
      `account ${bea}/eth would go negative (balance 0, locked -6)`,
    );
    await expect(db.client.$transaction((tx) => applyAccountDelta(tx, { memberId: bea, currency: "usd", balance: -1n, locked: 0n }, AT))).rejects.toThrow(NegativeFundsError);
    expect(await accountRow(bea, "usd")).toBeNull();
    await db.client.account.deleteMany({ where: { userId: bea } }); // locks without orders: not a state to leave behind
  });

  it("apply several changes in one statement, answered in the order given, and nothing at all for none", async () => {
    const cid = await createMember(db.client, "cid", { usd: "10", btc: "1" });
    const dot = await createMember(db.client, "dot");
    const after = await rolledBack((tx) =>
      applyAccountDeltas(
        tx,
        [
          { memberId: cid, currency: "usd", balance: -4n * UNIT, locked: 4n * UNIT },
          { memberId: dot, currency: "btc", balance: 3n, locked: 0n },
          { memberId: cid, currency: "btc", balance: UNIT, locked: 0n },
        ],
        AT,
      ),
    );
    expect(after).toEqual([
      { userId: cid, currency: "usd", balance: 6n * UNIT, locked: 4n * UNIT },
      { userId: dot, currency: "btc", balance: 3n, locked: 0n },
      { userId: cid, currency: "btc", balance: 2n * UNIT, locked: 0n },
    ]);
    expect(await db.client.$transaction((tx) => applyAccountDeltas(tx, [], AT))).toEqual([]);
    // One refused change refuses the command: the transaction rolls the others back.
    await expect(
      db.client.$transaction((tx) =>
        applyAccountDeltas(
          tx,
          [
            { memberId: cid, currency: "usd", balance: -1n, locked: 1n },
            { memberId: cid, currency: "btc", balance: -2n * UNIT, locked: 0n },
          ],
          AT,
        ),
      ),
    ).rejects.toThrow(NegativeFundsError);
    expect(await readAccount(db.client, cid, "usd")).toEqual({ balance: "10.00000000", locked: "0.00000000" });
  });

  it("read the free balance only (not the locked part), 0 without an account", async () => {
    const eve = await createMember(db.client, "eve", { usd: "100" });
    await placed(order(eve, { price: "40000", volume: "0.001" }));
    expect(await db.client.$transaction((tx) => readAvailable(tx, eve, "usd"))).toBe(60n * UNIT);
    expect(await db.client.$transaction((tx) => readAvailable(tx, eve, "btc"))).toBe(0n);
    await cancelAllOrders(db.client, "btcusd", eve);
  });
});

describe("what a command stores", () => {
  it("an order's original lock, and no account write for a change that nets to zero", async () => {
    const fay = await createMember(db.client, "fay", GRANT);
    const bid = await placed(order(fay, { price: "40000.5", volume: "0.25" }));
    const row = await db.client.order.findUniqueOrThrow({ where: { id: bid.order.id } });
    expect(row).toMatchObject({ originLocked: 1_000_012_500_000n, locked: 1_000_012_500_000n });
    // The account changed at the command's time, the time its orders carry.
    expect((await accountRow(fay, "usd"))?.updatedAt).toEqual(row.updatedAt);
    await cancelOrder(db.client, "btcusd", fay, bid.order.id);
    const cancelled = await db.client.order.findUniqueOrThrow({ where: { id: bid.order.id } });
    expect(cancelled.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
    expect((await accountRow(fay, "usd"))?.updatedAt).toEqual(cancelled.updatedAt);

    const before = await accountRow(fay, "usd");
    // A market buy on a book without asks locks its bound and unlocks it again: the account does not change.
    const buy = await placed(order(fay, { kind: "market", volume: "1", quoteBound: "750.5" }));
    expect(buy.order).toMatchObject({ state: "cancel", cancelReason: "market-remainder", filledVolume: "0.0000" });
    expect(await db.client.order.findUniqueOrThrow({ where: { id: buy.order.id } })).toMatchObject({ originLocked: 75_050_000_000n, locked: 0n, price: null });
    expect(buy.update.members.map((member) => member.accounts)).toEqual([[]]);
    expect(await accountRow(fay, "usd")).toEqual(before);
  });

  it("each member's side of a fill: the maker of a bid bought, the selling taker sold, oldest fill first", async () => {
    const gus = await createMember(db.client, "gus", GRANT);
    const hal = await createMember(db.client, "hal", GRANT);
    await placed(order(gus, { side: "buy", price: "50000", volume: "0.1" }));
    await placed(order(gus, { side: "buy", price: "49990", volume: "0.1" }));
    const key = crypto.randomUUID();
    const sell = await placed(order(hal, { side: "sell", price: "49990", volume: "0.15", clientOrderId: key }));
    expect(sell.order).toMatchObject({ state: "done", filledVolume: "0.1500", averagePrice: "49996.66" });
    expect(sell.fills.map((fill) => [fill.side, fill.price, fill.amount, fill.userId, fill.mine])).toEqual([
      ["sell", "50000", "0.1", hal, true],
      ["sell", "49990", "0.05", hal, true],
    ]);
    const notices = await db.client.notification.findMany({ where: { tradeId: { in: sell.fills.map((fill) => fill.id) } }, orderBy: { id: "asc" }, select: { userId: true, body: true } });
    expect(notices).toEqual([
      { userId: gus, body: "Bought 0.1 BTC at 50,000.00 USD" },
      { userId: hal, body: "Sold 0.1 BTC at 50,000.00 USD" },
      { userId: gus, body: "Bought 0.05 BTC at 49,990.00 USD" },
      { userId: hal, body: "Sold 0.05 BTC at 49,990.00 USD" },
    ]);
    const gusEvents = sell.update.members.find((member) => member.userId === gus);
    expect(gusEvents?.trades.map((event) => [event.kind, event.trade.side, event.trade.amount, event.notification.body])).toEqual([
      ["bid", "buy", "0.1", "Bought 0.1 BTC at 50,000.00 USD"],
      ["bid", "buy", "0.05", "Bought 0.05 BTC at 49,990.00 USD"],
    ]);
    const halEvents = sell.update.members.find((member) => member.userId === hal);
    expect(halEvents?.trades.map((event) => [event.kind, event.notification.title, event.notification.body])).toEqual([
      ["ask", "Trade confirmed · BTC/USD", "Sold 0.1 BTC at 50,000.00 USD"],
      ["ask", "Trade confirmed · BTC/USD", "Sold 0.05 BTC at 49,990.00 USD"],
    ]);
    // Each private event carries the id of that member's own stored notice of that fill (the page marks it read by id).
    const stored = await db.client.notification.findMany({ where: { tradeId: { in: sell.fills.map((fill) => fill.id) } }, select: { id: true, userId: true, tradeId: true } });
    const storedId = (userId: string, tradeId: number) => stored.find((row) => row.userId === userId && row.tradeId === tradeId)?.id;
    expect([gusEvents, halEvents].flatMap((member) => member?.trades.map((event) => [event.notification.id, event.notification.tradeId]) ?? [])).toEqual([
      [storedId(gus, sell.fills[0]!.id), sell.fills[0]!.id],
      [storedId(gus, sell.fills[1]!.id), sell.fills[1]!.id],
      [storedId(hal, sell.fills[0]!.id), sell.fills[0]!.id],
      [storedId(hal, sell.fills[1]!.id), sell.fills[1]!.id],
    ]);
    expect(new Set(stored.map((row) => row.id)).size).toBe(4);

    // The same key again: the first order and the same fills, in the same order, and nothing written.
    const trades = await db.client.trade.count();
    const again = await placeOrder(db.client, order(hal, { side: "sell", price: "49000", volume: "1", clientOrderId: key }));
    expect(again).toEqual({ ok: true, repeat: true, order: sell.order, market: sell.market, fills: sell.fills, update: null });
    expect(await db.client.trade.count()).toBe(trades);
    await cancelAllOrders(db.client, "btcusd", gus);
    expect(await invariantProblems(db.client)).toEqual([]);
  });

  it("a repeated key answers with its first order even when the same fields would be refused now, and with a buyer's fills", async () => {
    const ivy = await createMember(db.client, "ivy", GRANT);
    const jay = await createMember(db.client, "jay", GRANT);
    await placed(order(ivy, { side: "sell", price: "50000", volume: "0.3" }));
    const key = crypto.randomUUID();
    const buy = await placed(order(jay, { price: "50000", volume: "0.3", clientOrderId: key }));
    expect(buy.fills.map((fill) => [fill.side, fill.price, fill.amount])).toEqual([["buy", "50000", "0.3"]]);
    // Jay has spent most of his dollars: the same order again would be refused, but it is the same submission.
    const writes = await db.client.order.count();
    const again = await placeOrder(db.client, order(jay, { price: "50000", volume: "1.9", clientOrderId: key }));
    expect(again).toEqual({ ok: true, repeat: true, order: buy.order, market: buy.market, fills: buy.fills, update: null });
    expect(await db.client.order.count()).toBe(writes);
  });

  it("takes the id the caller gives the new order", async () => {
    const ida = await createMember(db.client, "ida", GRANT);
    const id = crypto.randomUUID();
    const result = await placeOrder(db.client, order(ida, { price: "40000" }), { newOrderId: () => id });
    expect(result.ok && result.order.id).toBe(id);
    // An id that is already open is refused, naming no form field (the id is not the member's to choose).
    expect(await placeOrder(db.client, order(ida, { price: "40001" }), { newOrderId: () => id })).toEqual({
      ok: false,
      error: { code: "duplicate_order", field: null, message: `Order ${id} is already open` },
    });
    expect(await cancelOrder(db.client, "btcusd", ida, id)).toMatchObject({ ok: true, cancelled: [{ id, state: "cancel" }] });
  });
});

describe("the DB and the engine must agree", () => {
  it("a resting order that the DB no longer has open stops the command: nothing written, the engine rebuilt", async () => {
    const jon = await createMember(db.client, "jon", GRANT);
    const ask = await placed(order(jon, { side: "sell", price: "55000", volume: "0.2" }));
    const sequence = (await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence;
    // Changed behind this process's engine without a sequence step (as no real writer would).
    await db.client.order.update({ where: { id: ask.order.id }, data: { state: "cancel" } });
    const failed = cancelOrder(db.client, "btcusd", jon, ask.order.id);
    await expect(failed).rejects.toThrow(BookOutOfStepError);
    await expect(failed).rejects.toMatchObject({ name: "BookOutOfStepError" });
    await expect(failed).rejects.toThrow(`order ${ask.order.id} is not open in btcusd any more`);
    expect(cachedEngine("btcusd")).toBeUndefined();
    expect((await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence).toBe(sequence);
    expect(await readAccount(db.client, jon, "btc")).toEqual({ balance: "1.80000000", locked: "0.20000000" });
    // The next command reads the book from the DB: the order is not in it.
    expect(await cancelOrder(db.client, "btcusd", jon, ask.order.id)).toMatchObject({ ok: false, error: { code: "order_not_found" } });
    await db.client.order.update({ where: { id: ask.order.id }, data: { state: "wait" } });
    dropEngine("btcusd");
    expect(await cancelOrder(db.client, "btcusd", jon, ask.order.id)).toMatchObject({ ok: true });
  });

  it("events are not written over a market that moved past the engine's sequence", async () => {
    const kim = await createMember(db.client, "kim", GRANT);
    const orders = await db.client.order.count();
    const written = db.client.$transaction(async (tx) => {
      const market = await readExchangeMarket(tx, "btcusd");
      if (typeof market === "string") throw new Error(market);
      const engine = await loadEngine(tx, market);
      const now = Date.now();
      const result = engine.place({ id: crypto.randomUUID(), memberId: kim, side: "buy", kind: "limit", price: 4_000_000n, volume: 1_000n, quoteBound: null, at: now }, 100_000n * UNIT);
      if (!result.ok) throw new Error(result.error.message);
      return applyEngineEvents(tx, market, result.events, result.sequence, market.sequence - 1, now);
    });
    const sequence = (await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence;
    await expect(written).rejects.toThrow(new BookOutOfStepError(`market btcusd is no longer at sequence ${sequence - 1}`));
    dropEngine("btcusd");
    expect(await db.client.order.count()).toBe(orders);
    expect(await readAccount(db.client, kim, "usd")).toEqual({ balance: "100000.00000000", locked: "0.00000000" });
  });

  it("the engine is reused while the DB has not moved, and rebuilt when the sequence, the last price or the rules did", async () => {
    const lea = await createMember(db.client, "lea", GRANT);
    await placed(order(lea, { price: "41000" }));
    const first = cachedEngine("btcusd");
    await placed(order(lea, { price: "41001" }));
    expect(cachedEngine("btcusd")).toBe(first);

    const { sequence } = await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } });
    await db.client.market.update({ where: { id: "btcusd" }, data: { sequence: sequence + 1 } }); // another process's command
    await placed(order(lea, { price: "41002" }));
    const second = cachedEngine("btcusd");
    expect(second).not.toBe(first);
    expect(second?.openOrdersOf(lea)).toHaveLength(3);

    // Rules changed in the DB (an operator raised the minimum value): the next command trades under them.
    await db.client.market.update({ where: { id: "btcusd" }, data: { minOrderValue: "5000" } });
    try {
      expect(await placeOrder(db.client, order(lea, { price: "41003" }))).toMatchObject({ ok: false, error: { code: "below_min_value" } });
      expect(cachedEngine("btcusd")).not.toBe(second);
    } finally {
      await db.client.market.update({ where: { id: "btcusd" }, data: { minOrderValue: "10" } });
    }
    await cancelAllOrders(db.client, "btcusd", lea);
  });

  it("reads the stored last price at the market's price scale", () => {
    expect(parseReferencePrice(null, 2)).toBeNull();
    expect(parseReferencePrice("50000.12345678", 2)).toBe(5_000_012n);
    expect(parseReferencePrice("7", 2)).toBe(700n);
    expect(parseReferencePrice("0.5", 0)).toBe(0n);
    for (const bad of ["-1", "1e5", "", "1.", " 1"]) expect(() => parseReferencePrice(bad, 2)).toThrow(new RangeError(`last trade price "${bad}" is not a plain positive decimal`));
  });

  it("an open order without a price in the DB stops the market's commands with its id", async () => {
    const max = await createMember(db.client, "max", GRANT);
    const id = crypto.randomUUID();
    await db.client.order.create({
      data: { id, marketId: "btcusd", userId: max, side: "buy", kind: "market", price: null, volume: 1n, originVolume: 1n, locked: 0n, originLocked: 0n, state: "wait", seq: 0, createdAt: AT, updatedAt: AT },
    });
    dropEngine("btcusd");
    try {
      await expect(placeOrder(db.client, order(max, { price: "41000" }))).rejects.toThrow(`open order ${id} of btcusd has no price or side`);
      await db.client.order.update({ where: { id }, data: { price: 4_100_000n, side: "hold" } });
      await expect(placeOrder(db.client, order(max, { price: "41000" }))).rejects.toThrow(`open order ${id} of btcusd has no price or side`);
    } finally {
      await db.client.order.delete({ where: { id } });
    }
    expect((await placed(order(max, { price: "41000" }))).order.state).toBe("wait");
    await cancelAllOrders(db.client, "btcusd", max);
  });
});

describe("markets that cannot trade", () => {
  it("answer an unknown market and a market without its currencies in the form's terms, for every command", async () => {
    const uma = await createMember(db.client, "uma", GRANT);
    const unknown = { ok: false, error: { code: "unknown_market", field: "marketId", message: "Unknown market" } };
    expect(await placeOrder(db.client, order(uma, { marketId: "nopeusd", price: "1" }))).toEqual(unknown);
    expect(await cancelOrder(db.client, "nopeusd", uma, crypto.randomUUID())).toEqual(unknown);
    expect(await cancelAllOrders(db.client, "nopeusd", uma)).toEqual(unknown);
    await db.client.market.create({ data: { id: "btczzz", name: "BTC/ZZZ", baseUnit: "btc", quoteUnit: "zzz" } });
    const closed = { ok: false, error: { code: "market_closed", field: "marketId", message: "Trading is not open on this market" } };
    expect(await placeOrder(db.client, order(uma, { marketId: "btczzz", side: "sell", price: "1", volume: "1" }))).toEqual(closed);
    expect(await cancelOrder(db.client, "btczzz", uma, crypto.randomUUID())).toEqual(closed);
  });

  it("open a market once its missing currency is set up, without a restart", async () => {
    const val = await createMember(db.client, "val", GRANT);
    await db.client.market.create({ data: { id: "yyyusd", name: "YYY/USD", baseUnit: "yyy", quoteUnit: "usd" } });
    const bid = order(val, { marketId: "yyyusd", price: "20", volume: "1" });
    expect(await placeOrder(db.client, bid)).toMatchObject({ ok: false, error: { code: "market_closed" } });
    await db.client.currency.create({ data: { id: "yyy", scale: 8, position: 9 } });
    expect(await placeOrder(db.client, bid)).toMatchObject({ ok: true, order: { marketId: "yyyusd", state: "wait", locked: "20.00000000" } });
    await cancelAllOrders(db.client, "yyyusd", val);
  });

  it("open a market whose quote currency is set up later (its base already known); an order on a market that can no longer be read is an error naming it", async () => {
    const wyn = await createMember(db.client, "wyn", GRANT);
    expect(await readExchangeMarket(db.client, "nopeusd")).toBe("unknown_market");
    await db.client.market.create({ data: { id: "btcqqq", name: "BTC/QQQ", baseUnit: "btc", quoteUnit: "qqq" } });
    expect(await readExchangeMarket(db.client, "btcqqq")).toBe("market_closed");
    const key = crypto.randomUUID();
    const ask = order(wyn, { marketId: "btcqqq", side: "sell", price: "20", volume: "1", clientOrderId: key });
    expect(await placeOrder(db.client, ask)).toMatchObject({ ok: false, error: { code: "market_closed" } });
    await db.client.currency.create({ data: { id: "qqq", scale: 8, position: 10 } });
    const rested = await placed(ask);
    expect(rested.order).toMatchObject({ marketId: "btcqqq", state: "wait", locked: "1.00000000" });

    // An operator points the market at a currency that is not set up: settling the order's key cannot describe it.
    await db.client.market.update({ where: { id: "btcqqq" }, data: { quoteUnit: "rrr" } });
    try {
      await expect(settleOrderKey(db.client, wyn, key)).rejects.toThrow(`order ${rested.order.id} is on btcqqq, which cannot be read (market_closed)`);
    } finally {
      await db.client.market.update({ where: { id: "btcqqq" }, data: { quoteUnit: "qqq" } });
    }
    expect(await settleOrderKey(db.client, wyn, key)).toEqual({ outcome: "placed", order: rested.order });
    await cancelAllOrders(db.client, "btcqqq", wyn);
  });
});

describe("commands queued at once", () => {
  it("share a transaction up to GROUP_LIMIT at a time, and only with commands on the same client", async () => {
    const other = createDbClient(db.databaseUrl);
    try {
      const transactions: unknown[] = [];
      const run = (client: typeof db.client) => runMarketCommand(client, "btcusd", async ({ tx }) => void transactions.push(tx));
      await Promise.all(Array.from({ length: GROUP_LIMIT + 1 }, () => run(db.client)));
      expect(GROUP_LIMIT).toBe(16);
      expect(new Set(transactions.slice(0, GROUP_LIMIT)).size).toBe(1);
      expect(transactions[GROUP_LIMIT]).not.toBe(transactions[0]);

      transactions.length = 0;
      await Promise.all([run(db.client), run(db.client), run(other), run(db.client)]);
      expect(transactions[0]).toBe(transactions[1]);
      expect(new Set(transactions).size).toBe(3);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("a busy database", () => {
  it("is tried again, up to 3 times in all, while another connection keeps the write lock", async () => {
    const ned = await createMember(db.client, "ned", GRANT);
    const impatient = createDbClient(db.databaseUrl, { busyTimeoutMs: 100 });
    const other = new Database(db.databaseUrl.slice("file:".length));
    const warnings: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
      warnings.push(String(message));
      // The other writer commits once the first attempt gave up: the second one gets the lock.
      if (warnings.length === 1 && other.inTransaction) other.exec("COMMIT");
    });
    try {
      other.exec("BEGIN IMMEDIATE");
      const result = await placeOrder(impatient, order(ned, { price: "41000" }));
      expect(result).toMatchObject({ ok: true, repeat: false, order: { state: "wait" } });
      expect(warnings).toEqual(["[exchange] btcusd: the database stayed busy or rolled back a conflict, retrying the command (attempt 2 of 3)"]);

      warnings.length = 0;
      other.exec("BEGIN IMMEDIATE");
      warn.mockImplementation((message: unknown) => void warnings.push(String(message)));
      const orders = await db.client.order.count();
      await expect(placeOrder(impatient, order(ned, { price: "41001" }))).rejects.toMatchObject({ code: "P1008" });
      expect(warnings).toEqual([
        "[exchange] btcusd: the database stayed busy or rolled back a conflict, retrying the command (attempt 2 of 3)",
        "[exchange] btcusd: the database stayed busy or rolled back a conflict, retrying the command (attempt 3 of 3)",
      ]);
      other.exec("COMMIT");
      expect(await db.client.order.count()).toBe(orders);
    } finally {
      warn.mockRestore();
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      await impatient.$disconnect();
    }
    await cancelAllOrders(db.client, "btcusd", ned);
  });

  it("is not retried for other failures", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "peatio-unmigrated-"));
    const broken = createDbClient(`file:${path.join(empty, "none.db")}`);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await expect(placeOrder(broken, order("nobody", { price: "41000" }))).rejects.toThrow(/Market/);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      await broken.$disconnect();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("demo grants", () => {
  it("add to existing balances, skip currencies the DB does not have, and refuse negative or too precise amounts", async () => {
    const ola = await createMember(db.client, "ola", { usd: "1.5" });
    await db.client.$transaction((tx) => grantFunds(tx, ola, { usd: "2.25", btc: "0.00000001", doge: "5" }));
    expect(await readAccount(db.client, ola, "usd")).toEqual({ balance: "3.75000000", locked: "0.00000000" });
    expect(await readAccount(db.client, ola, "btc")).toEqual({ balance: "0.00000001", locked: "0.00000000" });
    expect(await db.client.account.count({ where: { userId: ola } })).toBe(2);
    await expect(db.client.$transaction((tx) => grantFunds(tx, ola, { usd: "-1" }))).rejects.toThrow(new RangeError("a grant cannot be negative (usd -1)"));
    await expect(db.client.$transaction((tx) => grantFunds(tx, ola, { btc: "0.000000001" }))).rejects.toThrow('grant of btc: "0.000000001" is not a decimal with at most 8 decimals (too_precise)');
    expect(await readAccount(db.client, ola, "usd")).toEqual({ balance: "3.75000000", locked: "0.00000000" });
    await db.client.$transaction((tx) => grantFunds(tx, ola, { usd: "0" }));
    expect(await readAccount(db.client, ola, "usd")).toEqual({ balance: "3.75000000", locked: "0.00000000" });
  });

  it("give every sign-up 100,000 USD, 2 BTC and 30 ETH", async () => {
    const pam = await createMember(db.client, "pam", DEMO_GRANT);
    expect([await readAccount(db.client, pam, "usd"), await readAccount(db.client, pam, "btc"), await readAccount(db.client, pam, "eth")]).toEqual([
      { balance: "100000.00000000", locked: "0.00000000" },
      { balance: "2.00000000", locked: "0.00000000" },
      { balance: "30.00000000", locked: "0.00000000" },
    ]);
  });
});

describe("client keys", () => {
  it("a settled key answers with the order it placed, or voids it for good: a late submission never places", async () => {
    const pia = await createMember(db.client, "pia", GRANT);
    const quinn = await createMember(db.client, "quinn", GRANT);
    const used = crypto.randomUUID();
    const ask = await placed(order(pia, { side: "sell", price: "58000", clientOrderId: used }));
    expect(await settleOrderKey(db.client, pia, used)).toEqual({ outcome: "placed", order: ask.order });
    expect(await db.client.voidedClientKey.count({ where: { userId: pia } })).toBe(0);

    const lost = crypto.randomUUID();
    const notPlaced = { outcome: "not-placed", message: NOT_PLACED_MESSAGE };
    expect(await settleOrderKey(db.client, pia, lost)).toEqual(notPlaced);
    expect(await settleOrderKey(db.client, pia, lost)).toEqual(notPlaced);
    expect(await db.client.voidedClientKey.findMany({ where: { userId: pia }, select: { clientKey: true } })).toEqual([{ clientKey: lost }]);
    const orders = await db.client.order.count();
    expect(await placeOrder(db.client, order(pia, { side: "sell", price: "58000", clientOrderId: lost }))).toEqual({
      ok: false,
      error: { code: "not_placed", field: null, message: NOT_PLACED_MESSAGE },
    });
    expect(await db.client.order.count()).toBe(orders);

    // Another member's key is answered like an unused one, and voids only that member's use of it.
    expect(await settleOrderKey(db.client, quinn, used)).toEqual(notPlaced);
    expect(await placeOrder(db.client, order(quinn, { side: "sell", price: "58000", clientOrderId: used }))).toMatchObject({ ok: false, error: { code: "not_placed" } });
    expect(await placeOrder(db.client, order(pia, { side: "sell", price: "59000", clientOrderId: used }))).toMatchObject({ ok: true, repeat: true, order: { id: ask.order.id } });
    await cancelAllOrders(db.client, "btcusd", pia);
  });
});

describe("the order forms", () => {
  it("answer invalid fields field by field, a bad market as unknown, and a missing key before anything else", async () => {
    const rio = await createMember(db.client, "rio", GRANT);
    expect(await submitPlaceOrder(db.client, rio, { marketId: "btcusd", side: "hold", kind: "limit", price: "1", volume: "1", clientKey: crypto.randomUUID() })).toEqual({
      state: { status: "error", code: "invalid_input", message: "Check the highlighted fields.", errors: { side: ["Choose buy or sell"] } },
      update: null,
    });
    expect(await submitPlaceOrder(db.client, rio, { marketId: "NOPE!", side: "hold", kind: "limit", price: "1", volume: "1", clientKey: crypto.randomUUID() })).toEqual({
      state: { status: "error", code: "unknown_market", message: "Unknown market", errors: { marketId: ["Unknown market"], side: ["Choose buy or sell"] } },
      update: null,
    });
    expect(await submitPlaceOrder(db.client, rio, { marketId: "NOPE!", side: "hold", kind: "limit", price: "1", volume: "1", clientKey: "not-a-key" })).toEqual({
      state: { status: "error", code: "invalid_input", message: NO_ORDER_KEY_MESSAGE },
      update: null,
    });
    expect(await submitCancelOrder(db.client, rio, { marketId: "btcusd", orderId: "  " })).toEqual({
      state: { status: "error", code: "invalid_input", message: "Check the highlighted fields.", errors: { orderId: ["No order given"] } },
      update: null,
    });
    expect(await submitCancelAllOrders(db.client, rio, { marketId: "" })).toEqual({
      state: { status: "error", code: "unknown_market", message: "Unknown market", errors: { marketId: ["Unknown market"] } },
      update: null,
    });
  });

  it("answer a refusal with its field's message, or without fields when it concerns none", async () => {
    const sid = await createMember(db.client, "sid", { usd: "5" });
    const poor = await submitPlaceOrder(db.client, sid, { marketId: "btcusd", side: "buy", kind: "limit", price: "50000", volume: "0.01", clientKey: crypto.randomUUID() });
    const message = "Not enough USD: this order needs 500.00000000 USD and 5.00000000 USD is available";
    expect(poor).toEqual({ state: { status: "error", code: "insufficient_funds", message, errors: { volume: [message] } }, update: null });
    const voided = crypto.randomUUID();
    await settleOrderKey(db.client, sid, voided);
    expect(await submitPlaceOrder(db.client, sid, { marketId: "btcusd", side: "buy", kind: "limit", price: "50000", volume: "0.0001", clientKey: voided })).toEqual({
      state: { status: "error", code: "not_placed", message: NOT_PLACED_MESSAGE },
      update: null,
    });
  });

  it("confirm a placed order, a repeat of it, and cancels one by one and all at once", async () => {
    const tia = await createMember(db.client, "tia", GRANT);
    const key = crypto.randomUUID();
    const fields = { marketId: "btcusd", side: "buy", kind: "limit", price: "42000", volume: "0.1", clientKey: key };
    const first = await submitPlaceOrder(db.client, tia, fields);
    expect(first.state).toMatchObject({ status: "success", message: "Buy order placed: 0.1000 BTC at 42,000.00 USD.", repeat: false, fills: [] });
    expect(first.update).not.toBeNull();
    const again = await submitPlaceOrder(db.client, tia, { ...fields, clientKey: key.toUpperCase() });
    expect(again).toEqual({ state: { ...first.state, message: "Already placed: Buy order placed: 0.1000 BTC at 42,000.00 USD.", repeat: true }, update: null });
    if (first.state.status !== "success") throw new Error("not placed");

    const one = await submitCancelOrder(db.client, tia, { marketId: "btcusd", orderId: first.state.order.id });
    expect(one.state).toMatchObject({ status: "success", message: "Order cancelled.", cancelled: [{ id: first.state.order.id, state: "cancel" }] });
    expect(one.update).not.toBeNull();
    expect(await submitCancelOrder(db.client, tia, { marketId: "btcusd", orderId: first.state.order.id })).toEqual({
      state: { status: "error", code: "order_not_found", message: "No open order with that id", errors: { orderId: ["No open order with that id"] } },
      update: null,
    });

    for (const price of ["42001", "42002"]) await submitPlaceOrder(db.client, tia, { ...fields, price, clientKey: crypto.randomUUID() });
    const all = await submitCancelAllOrders(db.client, tia, { marketId: "btcusd" });
    expect(all.state).toMatchObject({ status: "success", message: "2 orders cancelled." });
    expect(all.update).not.toBeNull();
    expect(await submitCancelAllOrders(db.client, tia, { marketId: "btcusd" })).toEqual({ state: { status: "success", message: "No open orders to cancel.", cancelled: [] }, update: null });
    expect(await submitCancelAllOrders(db.client, tia, { marketId: "nopeusd" })).toEqual({
      state: { status: "error", code: "unknown_market", message: "Unknown market", errors: { marketId: ["Unknown market"] } },
      update: null,
    });
  });

  it("word what went wrong for people", () => {
    expect([ORDER_FAILED_MESSAGE, CANCEL_FAILED_MESSAGE, NO_ORDER_KEY_MESSAGE]).toEqual([
      "The order could not be placed. Please try again.",
      "The order could not be cancelled. Please try again.",
      "Your order was not placed: this page sent no valid submission key. Reload the page and try again.",
    ]);
  });

  it("say the order was not placed or not cancelled when the database fails", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "peatio-failing-forms-"));
    const url = `file:${path.join(dir, "forms.db")}`;
    await applyMigrations(url);
    const broken = createDbClient(url);
    await broken.$executeRawUnsafe('DROP TABLE "Order"'); // every command now fails inside its transaction
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const currency of DEMO_CURRENCIES) await broken.currency.create({ data: { ...currency } });
      await broken.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", ...DEMO_MARKET_RULES.btcusd } });
      const failed = { state: { status: "error", code: "failed", message: ORDER_FAILED_MESSAGE }, update: null };
      expect(await submitPlaceOrder(broken, "nobody", { marketId: "btcusd", side: "buy", kind: "limit", price: "1", volume: "1", clientKey: crypto.randomUUID() })).toEqual(failed);
      const cancelFailed = { state: { status: "error", code: "failed", message: CANCEL_FAILED_MESSAGE }, update: null };
      expect(await submitCancelOrder(broken, "nobody", { marketId: "btcusd", orderId: "x" })).toEqual(cancelFailed);
      expect(await submitCancelAllOrders(broken, "nobody", { marketId: "btcusd" })).toEqual(cancelFailed);
      expect(error.mock.calls.map((call) => call[0])).toEqual(["[place-order] order not placed:", "[cancel-order] nothing cancelled:", "[cancel-order] nothing cancelled:"]);
    } finally {
      error.mockRestore();
      dropEngine("btcusd");
      await broken.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
