// Random sequences of places, fills and cancels through the DB layer (placeOrder, cancelOrder,
// cancelAllOrders on a real SQLite file and a real PostgreSQL), checked against the pure engine and its in-memory FundsLedger
// fed the same commands: after every run the stored accounts equal the model's, the stored book equals
// the model's book, per currency balance + locked is conserved, and the stored invariants hold (nothing
// negative, locked = what open orders hold, fills add up per order, no crossed book). Every place carries a
// client key and some are sent again: a repeat answers with the first order and changes nothing (one order
// per key). The candles kept by the fills' transactions add up to the stored trades. fast-check, few runs.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelAllOrders } from "@/lib/exchange/cancel-all-orders";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { formatBookUpdate, formatScaled, FundsLedger, lockCurrencyOf, MatchingEngine, parseOrderInput } from "@/lib/exchange/engine";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { CANDLE_SIZES_MS } from "@/lib/market/candle-rows";
import { toCandleUnits } from "@/lib/market/candle-units";
import { DEMO_MARKET_RULES } from "@/lib/seed/seed-exchange";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, invariantProblems, totalsByCurrency, type ExchangeDb, TEST_DATABASES } from "../support/exchange-db";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let db: ExchangeDb;
  beforeAll(async () => {
    db = await createExchangeDb("conservation", null, provider === "postgresql" ? postgres : undefined);
  });
  afterAll(async () => db.close());

  type Command =
    | { t: "place"; member: number; side: "buy" | "sell"; market: boolean; ticks: number; lots: number; boundUsd: number }
    | { t: "cancel"; member: number; pick: number }
    | { t: "cancelAll"; member: number }
    | { t: "repeat"; pick: number };

  const member = fc.integer({ min: 0, max: 2 });
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ t: fc.constant("place" as const), member, side: fc.constantFrom("buy" as const, "sell" as const), market: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), ticks: fc.integer({ min: -6, max: 6 }), lots: fc.integer({ min: 0, max: 30 }), boundUsd: fc.integer({ min: 5, max: 3000 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("cancel" as const), member, pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("cancelAll" as const), member }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("repeat" as const), pick: fc.nat() }) },
  );
  const grant = fc.record({ usd: fc.integer({ min: 0, max: 40_000 }), btc: fc.integer({ min: 0, max: 100 }) });

  let runs = 0;

  /** Every row of the run's market an order command may write (orders, trades, candles, notices, accounts, sequence). */
  async function storedState(marketId: string) {
    const { client } = db;
    return {
      orders: await client.order.findMany({ where: { marketId }, orderBy: { id: "asc" } }),
      trades: await client.trade.count({ where: { marketId } }),
      candles: await client.candle.findMany({ where: { marketId }, orderBy: [{ interval: "asc" }, { time: "asc" }] }),
      notifications: await client.notification.count(),
      accounts: await client.account.findMany({ orderBy: [{ userId: "asc" }, { currencyId: "asc" }] }),
      market: await client.market.findUnique({ where: { id: marketId }, select: { sequence: true } }),
    };
  }

  /** Per candle interval: the candles' total volume (candle units), trade count and highest trade id. */
  async function candleTotals(marketId: string) {
    const rows = await db.client.candle.findMany({ where: { marketId } });
    return CANDLE_SIZES_MS.map((interval) => {
      const ofInterval = rows.filter((row) => row.interval === interval);
      return {
        interval,
        volume: ofInterval.reduce((sum, row) => sum + row.volume, 0n),
        trades: ofInterval.reduce((sum, row) => sum + row.tradeCount, 0),
        lastTradeId: Math.max(0, ...ofInterval.map((row) => row.lastTradeId)),
      };
    });
  }

  /** What every interval's candles must add up to: the market's stored trades (candle units). */
  async function tradeTotals(marketId: string) {
    const trades = await db.client.trade.findMany({ where: { marketId }, select: { id: true, amount: true } });
    const volume = trades.reduce((sum, trade) => sum + toCandleUnits(trade.amount.toFixed()), 0n);
    const lastTradeId = Math.max(0, ...trades.map((trade) => trade.id));
    return CANDLE_SIZES_MS.map((interval) => ({ interval, volume, trades: trades.length, lastTradeId }));
  }

  describe("funds through the DB layer", () => {
    it("match the pure model, are conserved per currency, and keep every stored invariant", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(grant, { minLength: 3, maxLength: 3 }), fc.array(command, { minLength: 5, maxLength: 25 }), async (grants, commands) => {
          // Each run trades on a market of its own with members of its own, so the model starts where the DB does.
          runs += 1;
          const marketId = `run${runs}usd`;
          await db.client.market.create({ data: { id: marketId, name: `RUN${runs}/USD`, baseUnit: "btc", quoteUnit: "usd", ...DEMO_MARKET_RULES.btcusd } });
          const market = await readExchangeMarket(db.client, marketId);
          if (typeof market === "string") throw new Error(market);
          const rules = market.rules;
          const model = new MatchingEngine(rules);
          const ledger = new FundsLedger();
          const members: string[] = [];
          for (const [index, amounts] of grants.entries()) {
            const usd = String(amounts.usd);
            const btc = formatScaled(BigInt(amounts.btc), 2); // 0.00 - 1.00 BTC
            members.push(await createMember(db.client, `m${index}`, { usd, btc }));
            ledger.grant(members[index]!, "usd", BigInt(amounts.usd) * 10n ** 8n);
            ledger.grant(members[index]!, "btc", BigInt(amounts.btc) * 10n ** 6n);
          }
          const totals = await totalsByCurrency(db.client);
          let next = 0;
          // Accepted places: their request (with its client key) and the id of the order it placed.
          const accepted: Array<{ request: PlaceOrderRequest; orderId: string }> = [];
          for (const step of commands) {
            if (step.t === "repeat") {
              // The same submission again (a retried request): the first order answers, nothing is written.
              const first = accepted[step.pick % Math.max(accepted.length, 1)];
              if (first === undefined) continue;
              const before = await storedState(marketId);
              const again = await placeOrder(db.client, first.request, { newOrderId: () => `${marketId}-o${(next += 1)}` });
              expect(again.ok && again.repeat && again.order.id).toBe(first.orderId);
              expect(await storedState(marketId)).toEqual(before);
              continue;
            }
            const userId = members[step.member]!;
            if (step.t === "place") {
              const id = `${marketId}-o${(next += 1)}`;
              const price = step.market ? null : formatScaled(5_000_000n + BigInt(step.ticks) * 500n, 2); // 50,000.00 +- n x 5.00
              const volume = formatScaled(BigInt(step.lots) * 100n, 4); // n x 0.01 BTC
              const quoteBound = step.market && step.side === "buy" ? String(step.boundUsd) : null;
              const request = { marketId, userId, side: step.side, kind: step.market ? "market" : "limit", price, volume, quoteBound, clientOrderId: `${id}-key` };
              const stored = await placeOrder(db.client, request, { newOrderId: () => id });
              if (stored.ok) accepted.push({ request, orderId: stored.order.id });
              const parsed = parseOrderInput(rules, { id, memberId: userId, side: step.side, kind: request.kind, price, volume, quoteBound, at: 0 });
              const expected = parsed.ok ? model.place(parsed.order, ledger.available(userId, lockCurrencyOf(rules, step.side))) : parsed;
              expect(stored.ok).toBe(expected.ok);
              if (!stored.ok && !expected.ok) expect(stored.error.code).toBe(expected.error.code);
              if (expected.ok) expect(ledger.apply(expected.events)).toEqual({ ok: true });
            } else if (step.t === "cancel") {
              const open = model.openOrders();
              const target = open.length === 0 ? "none" : open[step.pick % open.length]!.id;
              const stored = await cancelOrder(db.client, marketId, userId, target);
              const expected = model.cancel(target, userId, 0);
              expect(stored.ok).toBe(expected.ok);
              if (expected.ok) ledger.apply(expected.events);
            } else {
              const stored = await cancelAllOrders(db.client, marketId, userId);
              const expected = model.cancelAll(userId, 0);
              expect(stored.ok && stored.cancelled.length).toBe(expected.ok && expected.events.filter((event) => event.type === "order").length);
              if (expected.ok) ledger.apply(expected.events);
            }
          }
          for (const id of members) {
            for (const currency of ["usd", "btc"]) {
              const row = await db.client.account.findUnique({ where: { userId_currencyId: { userId: id, currencyId: currency } } });
              expect({ balance: row?.balance ?? 0n, locked: row?.locked ?? 0n }).toEqual(ledger.account(id, currency));
            }
          }
          const book = await readOrderBook(db.client, marketId);
          expect({ asks: book?.asks, bids: book?.bids, sequence: book?.sequence }).toEqual({ ...formatBookUpdate(rules, model.depth(50)), sequence: model.sequence });
          expect(await totalsByCurrency(db.client)).toEqual(totals);
          expect(await invariantProblems(db.client)).toEqual([]);
          expect(await candleTotals(marketId)).toEqual(await tradeTotals(marketId));
        }),
        { numRuns: 6 },
      );
    }, 120_000);
  });
});
