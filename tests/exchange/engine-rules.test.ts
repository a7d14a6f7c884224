// The engine's rules one at a time, on examples small enough to check by hand: limit prices are never
// traded through, refusals name their field in the trader's words, market rules are checked when they are
// defined, funds events carry their reasons and scales, the ledger applies all or nothing, and a book
// rebuilt from stored strings names the bad value. Complements the property tests with exact answers.
import { describe, expect, it } from "vitest";
import {
  cancelAllOrders,
  cancelOrder,
  createMatchingEngine,
  currencyScaleOf,
  decimalsOf,
  defineMarket,
  formatCurrencyAmount,
  formatEvents,
  formatPrivateOrder,
  formatPrivateTrade,
  formatScaled,
  FundsLedger,
  isWithinBand,
  MatchingEngine,
  parseOrderInput,
  parseScaled,
  pow10,
  priceBandLimits,
  rebuildFromSnapshots,
  submitOrder,
  validateOrder,
  type EngineEvent,
  type MarketConfig,
  type OrderInput,
  type PlaceOrder,
  type TradeEvent,
} from "@/lib/exchange/engine";
import { BookSide } from "@/lib/exchange/engine/book-side";
import { OrderBook } from "@/lib/exchange/engine/order-book";
import { BookOrder } from "@/lib/exchange/engine/price-level";
import { BTCUSD_CONFIG } from "./support/exchange-harness";
import { SCENARIO_CONFIG } from "./support/scenario";

/** The scenario market with a taker fee of 0.002: balances keep 3 base and 4 quote decimals; price step 0.05 (5 units), lot 0.5 (5 units); funds scale 3. */
const TST_CONFIG: MarketConfig = { ...SCENARIO_CONFIG, takerFee: "0.002" };
const tst = defineMarket(TST_CONFIG);
const btc = defineMarket(BTCUSD_CONFIG);
const RICH = 10n ** 15n;

let nextId = 0;
/** A limit order in TST units (price in cents, volume in tenths). */
function limit(memberId: string, side: "buy" | "sell", price: bigint, volume: bigint, id = `o${++nextId}`): PlaceOrder {
  return { id, memberId, side, kind: "limit", price, volume, quoteBound: null, at: 1_700_000_000_000 + nextId * 1000 };
}

function trades(events: readonly EngineEvent[]): TradeEvent[] {
  return events.filter((event): event is TradeEvent => event.type === "trade");
}

function placed(engine: MatchingEngine, order: PlaceOrder) {
  const result = engine.place(order, RICH);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result;
}

describe("limit prices are never traded through", () => {
  it("a buy below the best ask rests instead of trading", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_100n, 10n));
    const bid = placed(engine, limit("ben", "buy", 10_095n, 10n));
    expect(trades(bid.events)).toEqual([]);
    expect(bid.order.state).toBe("wait");
    expect(engine.depth()).toEqual({ asks: [[10_100n, 10n]], bids: [[10_095n, 10n]] });
  });

  it("a sell above the best bid rests instead of trading", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "buy", 9_900n, 10n));
    const ask = placed(engine, limit("ben", "sell", 9_905n, 10n));
    expect(trades(ask.events)).toEqual([]);
    expect(engine.bestPrices()).toEqual({ ask: 9_905n, bid: 9_900n });
  });

  it("a sell meeting bids trades only at or above its limit, best bid first", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "buy", 10_000n, 10n));
    placed(engine, limit("ann", "buy", 9_950n, 10n));
    const ask = placed(engine, limit("ben", "sell", 9_960n, 30n));
    expect(trades(ask.events).map((t) => [t.price, t.volume])).toEqual([[10_000n, 10n]]);
    expect(ask.order).toMatchObject({ state: "wait", volume: 20n });
    expect(engine.depth()).toEqual({ asks: [[9_960n, 20n]], bids: [[9_950n, 10n]] });
  });

  it("a taker fills exactly the smaller remainder: the taker's when it is smaller, the maker's otherwise", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 20n));
    const small = placed(engine, limit("ben", "buy", 10_000n, 10n));
    expect(trades(small.events).map((t) => t.volume)).toEqual([10n]);
    expect(engine.depth().asks).toEqual([[10_000n, 10n]]);
    const equal = placed(engine, limit("cat", "buy", 10_000n, 10n));
    expect(trades(equal.events).map((t) => t.volume)).toEqual([10n]);
    expect(equal.order.state).toBe("done");
    expect(engine.depth().asks).toEqual([]);
  });
});

describe("place and cancel answers", () => {
  it("marks the taker's order event as created and the makers' as not", () => {
    const engine = new MatchingEngine(tst);
    const first = placed(engine, limit("ann", "sell", 10_000n, 10n));
    expect(first.events[0]).toMatchObject({ type: "order", created: true, order: { state: "wait" } });
    const taker = placed(engine, limit("ben", "buy", 10_000n, 10n));
    const orders = taker.events.filter((event) => event.type === "order");
    expect(orders.map((event) => [event.order.memberId, event.created, event.order.state])).toEqual([
      ["ben", true, "done"],
      ["ann", false, "done"],
    ]);
  });

  it("refuses an id that is already open, and a cancel of a missing or foreign order, changing nothing", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 10n, "x1"));
    expect(engine.place(limit("ann", "sell", 10_050n, 10n, "x1"), RICH)).toEqual({
      ok: false,
      error: { code: "duplicate_order", field: "order", message: "Order x1 is already open" },
    });
    const missing = { ok: false, error: { code: "order_not_found", field: "order", message: "No open order with that id" } };
    expect(engine.cancel("nope", "ann", 1)).toEqual(missing);
    expect(engine.cancel("x1", "ben", 1)).toEqual(missing);
    expect(engine.sequence).toBe(1);
  });

  it("names the lock currency and its scale when funds are short", () => {
    const engine = new MatchingEngine(tst);
    // A sell of 1.5 TST locks 1.500 TST (base scale 3); a buy of 1.5 at 100.00 locks 150.0000 USD (quote scale 4).
    expect(engine.place(limit("ann", "sell", 10_000n, 15n), 1_000n)).toMatchObject({
      ok: false,
      error: { code: "insufficient_funds", field: "volume", message: "Not enough TST: this order needs 1.500 TST and 1.000 TST is available" },
    });
    expect(engine.place(limit("ann", "buy", 10_000n, 15n), 1_000_000n)).toMatchObject({
      error: { message: "Not enough USD: this order needs 150.0000 USD and 100.0000 USD is available" },
    });
  });

  it("cancels with reason user, unlocking the rest, and lists the member's open orders", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 10n, "a1"));
    placed(engine, limit("ann", "buy", 9_000n, 10n, "a2"));
    placed(engine, limit("ben", "buy", 9_000n, 10n, "b1"));
    expect(engine.openOrdersOf("ann").map((order) => order.id)).toEqual(["a1", "a2"]);
    expect(engine.openOrdersOf("nobody")).toEqual([]);
    const one = engine.cancel("a1", "ann", 5_000);
    expect(one.ok && one.events).toEqual([
      { type: "funds", memberId: "ann", currency: "tst", balance: 1_000n, locked: -1_000n, reason: "unlock", orderId: "a1" },
      { type: "order", created: false, order: expect.objectContaining({ id: "a1", state: "cancel", cancelReason: "user", locked: 0n, updatedAt: 5_000 }) },
      { type: "level", side: "sell", price: 10_000n, volume: 0n },
    ]);
    const all = engine.cancelAll("ann", 6_000);
    expect(all.ok && all.events.filter((event) => event.type === "order").map((event) => [event.order.id, event.order.cancelReason])).toEqual([["a2", "user"]]);
    expect(all.ok && all.events.at(-1)).toEqual({ type: "level", side: "buy", price: 9_000n, volume: 10n });
    expect(engine.openOrdersOf("ann")).toEqual([]);
    expect(engine.openOrdersOf("ben").map((order) => order.id)).toEqual(["b1"]);
  });

  it("cancelOrder and cancelAllOrders answer in decimal strings", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "buy", 9_000n, 10n, "a1"));
    placed(engine, limit("ann", "buy", 9_050n, 10n, "a2"));
    expect(cancelOrder(engine, "zz", "ann", 1)).toMatchObject({ ok: false, error: { code: "order_not_found" } });
    const one = cancelOrder(engine, "a1", "ann", 7_000);
    expect(one).toMatchObject({ ok: true, sequence: 3 });
    expect(one.ok && one.events[0]).toEqual({ type: "funds", memberId: "ann", currency: "usd", balance: "90.0000", locked: "-90.0000", reason: "unlock", orderId: "a1" });
    const all = cancelAllOrders(engine, "ann", 8_000);
    expect(all).toMatchObject({ ok: true, sequence: 4 });
    expect(all.ok && all.events.map((event) => event.type)).toEqual(["funds", "order", "level"]);
    expect(all.ok && all.events[0]).toEqual({ type: "funds", memberId: "ann", currency: "usd", balance: "90.5000", locked: "-90.5000", reason: "unlock", orderId: "a2" });
    expect(all.ok && all.events[2]).toEqual({ type: "level", side: "buy", price: "90.50", volume: "0.0" });
    expect(cancelAllOrders(engine, "ann", 9_000)).toEqual({ ok: true, sequence: 4, events: [] });
  });
});

describe("level events", () => {
  it("name each touched level once per command, with its volume after the command", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 10n));
    placed(engine, limit("ben", "sell", 10_000n, 10n));
    placed(engine, limit("ann", "sell", 10_050n, 10n));
    const taker = placed(engine, limit("cat", "buy", 10_050n, 25n));
    expect(taker.events.filter((event) => event.type === "level")).toEqual([
      { type: "level", side: "sell", price: 10_000n, volume: 0n },
      { type: "level", side: "sell", price: 10_050n, volume: 5n },
    ]);
    placed(engine, limit("dan", "buy", 9_000n, 10n));
    placed(engine, limit("dan", "buy", 9_000n, 10n));
    const all = engine.cancelAll("dan", 1);
    expect(all.ok && all.events.filter((event) => event.type === "level")).toEqual([{ type: "level", side: "buy", price: 9_000n, volume: 0n }]);
  });
});

describe("depth", () => {
  it("gives at most `limit` levels per side, best first, and none for 0", () => {
    const engine = new MatchingEngine(tst);
    for (const price of [10_100n, 10_050n, 10_200n]) placed(engine, limit("ann", "sell", price, 10n));
    for (const price of [9_900n, 9_950n]) placed(engine, limit("ben", "buy", price, 10n));
    expect(engine.depth(0)).toEqual({ asks: [], bids: [] });
    expect(engine.depth(1)).toEqual({ asks: [[10_050n, 10n]], bids: [[9_950n, 10n]] });
    expect(engine.depth(2)).toEqual({ asks: [[10_050n, 10n], [10_100n, 10n]], bids: [[9_950n, 10n], [9_900n, 10n]] });
    expect(engine.depth().asks).toHaveLength(3);
  });
});

describe("BookSide and OrderBook", () => {
  const order = (id: string, price: bigint | null) => new BookOrder(id, "m", "sell", "limit", price, 5n, 5n, 500n, 0n, 1, 0, 0);

  it("count levels and orders as they come and go", () => {
    const side = new BookSide("sell");
    const a = order("a", 100n);
    const b = order("b", 100n);
    const c = order("c", 105n);
    side.append(a, 100n);
    side.append(b, 100n);
    side.append(c, 105n);
    expect([side.levelCount, side.orderCount]).toEqual([2, 3]);
    side.remove(a);
    expect([side.levelCount, side.orderCount, side.best?.price]).toEqual([2, 2, 100n]);
    side.remove(b);
    expect([side.levelCount, side.orderCount, side.best?.price]).toEqual([1, 1, 105n]);
    side.remove(c);
    expect([side.levelCount, side.orderCount, side.best]).toEqual([0, 0, null]);
  });

  it("leave the book as it was when asked to remove an order that rests nowhere", () => {
    const side = new BookSide("buy");
    side.append(order("a", 100n), 100n);
    side.remove(order("stray", 100n));
    expect([side.levelCount, side.orderCount, side.best?.price]).toEqual([1, 1, 100n]);
    const book = new OrderBook();
    book.add(order("b", 100n));
    book.remove(order("stray", 100n));
    expect([book.size, book.ordersOf("m").map((o) => o.id)]).toEqual([1, ["b"]]);
    // Also for a member with no order in the book at all.
    book.remove(new BookOrder("ghost", "nobody", "buy", "limit", 100n, 5n, 5n, 0n, 0n, 1, 0, 0));
    expect([book.size, book.ordersOf("nobody")]).toEqual([1, []]);
  });

  it("refuse to rest an order without a price", () => {
    expect(() => new OrderBook().add(order("p", null))).toThrow("order p has no price and cannot rest");
  });
});

describe("market rules", () => {
  const bad = (change: Partial<MarketConfig>) => () => defineMarket({ ...TST_CONFIG, ...change });

  it.each<[Partial<MarketConfig>, string]>([
    [{ tickSize: "0" }, "tstusd: tick and lot sizes must be positive"],
    [{ tickSize: "-0.05" }, "tstusd: tick and lot sizes must be positive"],
    [{ lotSize: "0.0" }, "tstusd: tick and lot sizes must be positive"],
    [{ lotSize: "-1" }, "tstusd: tick and lot sizes must be positive"],
    [{ baseScale: 0 }, "tstusd: baseScale 0 < lot decimals 1"],
    [{ quoteScale: 2 }, "tstusd: quoteScale 2 < tick + lot decimals 3"],
    [{ quote: "tst" }, "tstusd: base and quote must differ"],
    [{ minOrderValue: "-1" }, "tstusd: minOrderValue must not be negative"],
    [{ minOrderValue: "0.0001" }, 'tstusd minOrderValue: "0.0001" is not a decimal with at most 3 decimals (too_precise)'],
    [{ priceBand: "1" }, "tstusd priceBand must be in [0, 1), got 1"],
    [{ priceBand: "-0.1" }, "tstusd priceBand must be in [0, 1), got -0.1"],
    [{ makerFee: "1.5" }, "tstusd makerFee must be in [0, 1), got 1.5"],
    [{ takerFee: "0.0000001" }, 'tstusd takerFee: "0.0000001" is not a decimal with at most 6 decimals (too_precise)'],
    [{ tickSize: "five" }, '"five" is not a decimal'],
  ])("refuses %j: %s", (change, message) => {
    expect(bad(change)).toThrow(new RangeError(message));
  });

  it("accepts the edges: scales equal to the step decimals, no minimum value, no band, fees just under 1", () => {
    const edge = defineMarket({ ...TST_CONFIG, baseScale: 1, quoteScale: 3, minOrderValue: "0", priceBand: null, makerFee: "0.999999" });
    expect(edge).toMatchObject({ baseFactor: 1n, quoteFactor: 1n, minValue: 0n, bandMicros: null, makerFeeMicros: 999_999n, takerFeeMicros: 2_000n });
    expect(defineMarket({ ...TST_CONFIG, makerFee: undefined, takerFee: undefined })).toMatchObject({ makerFeeMicros: 0n, takerFeeMicros: 0n });
  });

  it("without a band every price is in band; without a reference there is no band", () => {
    const bandless = defineMarket({ ...TST_CONFIG, priceBand: null });
    expect(priceBandLimits(bandless, 10_000n)).toBeNull();
    expect(priceBandLimits(tst, null)).toBeNull();
    expect(isWithinBand(bandless, 1n, 10_000n)).toBe(true);
    expect(isWithinBand(tst, 1n, null)).toBe(true);
    expect(validateOrder(bandless, limit("ann", "buy", 100_000n, 10n), 10_000n)).toBeNull();
    expect(validateOrder(tst, limit("ann", "buy", 100_000n, 10n), null)).toBeNull();
  });

  it("rounds the band's low end up and its high end down to the tick", () => {
    // 100.05 +- 25%: 75.0375 .. 125.0625 -> 75.05 .. 125.05 on a 0.05 tick.
    expect(priceBandLimits(tst, 10_005n)).toEqual({ low: 7_505n, high: 12_505n });
    // 100.00 +- 25%: exactly 75.00 .. 125.00.
    expect(priceBandLimits(tst, 10_000n)).toEqual({ low: 7_500n, high: 12_500n });
  });

  it("isWithinBand includes both edges exactly and nothing past them, above and below", () => {
    expect([4_000_000n, 6_000_000n, 5_000_000n].map((price) => isWithinBand(btc, price, 5_000_000n))).toEqual([true, true, true]);
    expect([3_999_999n, 6_000_001n].map((price) => isWithinBand(btc, price, 5_000_000n))).toEqual([false, false]);
  });
});

describe("order validation details", () => {
  const input = (fields: Partial<OrderInput>): OrderInput => ({ id: "v1", memberId: "ann", side: "buy", kind: "limit", price: "100", volume: "1", at: 0, ...fields });
  const parse = (fields: Partial<OrderInput>) => parseOrderInput(tst, input(fields));
  const check = (fields: Partial<OrderInput>, reference: bigint | null = 10_000n) => {
    const parsed = parse(fields);
    return parsed.ok ? validateOrder(tst, parsed.order, reference) : parsed.error;
  };

  it("reads an empty or null price or spend limit as none", () => {
    expect(parse({ kind: "market", price: "", quoteBound: "50" })).toMatchObject({ ok: true, order: { price: null, quoteBound: 500_000n } });
    expect(parse({ kind: "market", price: null, quoteBound: "50" })).toMatchObject({ ok: true, order: { price: null, quoteBound: 500_000n } });
    expect(parse({ quoteBound: "" })).toMatchObject({ ok: true, order: { price: 10_000n, quoteBound: null } });
    expect(parse({ quoteBound: null })).toMatchObject({ ok: true, order: { price: 10_000n, quoteBound: null } });
  });

  it("words a bad spend limit as a spend limit", () => {
    expect(parse({ kind: "market", price: null, quoteBound: "ten" })).toEqual({
      ok: false,
      error: { code: "invalid_decimal", field: "quoteBound", message: "Spend limit must be a plain decimal number such as 12.5" },
    });
    expect(parse({ kind: "market", price: null, quoteBound: "10.00001" })).toEqual({
      ok: false,
      error: { code: "invalid_decimal", field: "quoteBound", message: "Spend limit has more than 4 decimals" },
    });
    expect(parse({ volume: "1.25" })).toEqual({
      ok: false,
      error: { code: "volume_off_lot", field: "volume", message: "Amount must be a multiple of the lot size 0.5 TST" },
    });
  });

  it("refuses a volume or price off the step even when it parses", () => {
    expect(check({ volume: "0.7" })).toEqual({ code: "volume_off_lot", field: "volume", message: "Amount must be a multiple of the lot size 0.5 TST" });
    expect(check({ price: "100.03" })).toEqual({ code: "price_off_tick", field: "price", message: "Price must be a multiple of the price step 0.05" });
  });

  it("takes the minimum order value itself, and refuses one step below", () => {
    expect(check({ price: "10", volume: "0.5" }, null)).toBeNull();
    expect(check({ price: "9.95", volume: "0.5" }, null)).toEqual({ code: "below_min_value", field: "volume", message: "Order value must be at least 5 USD (price x amount)" });
    expect(check({ kind: "market", price: null, quoteBound: "5" })).toBeNull();
    expect(check({ kind: "market", price: null, quoteBound: "4.9999" })).toEqual({ code: "below_min_value", field: "quoteBound", message: "Spend limit must be at least 5 USD" });
  });

  it("checks a market sell's value at the last price, and only when there is one", () => {
    expect(check({ side: "sell", kind: "market", price: null, volume: "0.5" }, 1_000n)).toBeNull();
    expect(check({ side: "sell", kind: "market", price: null, volume: "0.5" }, 995n)).toEqual({
      code: "below_min_value",
      field: "volume",
      message: "Order value must be at least 5 USD (at the last price)",
    });
    expect(check({ side: "sell", kind: "market", price: null, volume: "0.5" }, null)).toBeNull();
    expect(check({ side: "sell", kind: "market", price: null, volume: "100" }, 10n)).toBeNull();
    expect(check({ side: "sell", kind: "market", price: null, volume: "1", quoteBound: "10" })).toEqual({
      code: "bound_not_allowed",
      field: "quoteBound",
      message: "Only market buys take a spend limit",
    });
  });
});

describe("funds events and the ledger", () => {
  it("a fill with fees moves funds with reasons lock, trade, fee and unlock, at each currency's scale", () => {
    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 10n, "s1"));
    const bid = placed(engine, limit("ben", "buy", 10_050n, 10n, "b1"));
    // 1 TST at 100.00: 100.0000 USD; ben locked 100.5000, gets 0.5000 back; fees: taker ben 0.2% of 1.000 TST, maker ann 0.1% of 100 USD.
    expect(formatEvents(tst, bid.events.filter((event) => event.type === "funds"))).toEqual([
      { type: "funds", memberId: "ben", currency: "usd", balance: "-100.5000", locked: "100.5000", reason: "lock", orderId: "b1" },
      { type: "funds", memberId: "ben", currency: "usd", balance: "0.5000", locked: "-100.5000", reason: "trade", orderId: "b1" },
      { type: "funds", memberId: "ben", currency: "tst", balance: "0.998", locked: "0.000", reason: "trade", orderId: "b1" },
      { type: "funds", memberId: "ann", currency: "tst", balance: "0.000", locked: "-1.000", reason: "trade", orderId: "s1" },
      { type: "funds", memberId: "ann", currency: "usd", balance: "99.9000", locked: "0.0000", reason: "trade", orderId: "s1" },
      { type: "funds", memberId: "fee", currency: "tst", balance: "0.002", locked: "0.000", reason: "fee", orderId: "b1" },
      { type: "funds", memberId: "fee", currency: "usd", balance: "0.1000", locked: "0.0000", reason: "fee", orderId: "s1" },
    ]);
  });

  it("grants add up, a negative grant is refused, and untouched accounts are zero", () => {
    const ledger = new FundsLedger();
    ledger.grant("ann", "usd", 5n);
    ledger.grant("ann", "usd", 7n);
    expect(ledger.available("ann", "usd")).toBe(12n);
    expect(ledger.available("ann", "tst")).toBe(0n);
    expect(ledger.account("nobody", "usd")).toEqual({ balance: 0n, locked: 0n });
    expect(() => ledger.grant("ann", "usd", -1n)).toThrow(new RangeError("a grant cannot be negative"));
  });

  it("applies a command's events all or nothing, and totals per currency", () => {
    const ledger = new FundsLedger();
    ledger.grant("ann", "usd", 100n);
    ledger.grant("ben", "tst", 40n);
    const move = (memberId: string, currency: string, balance: bigint, locked: bigint): EngineEvent => ({ type: "funds", memberId, currency, balance, locked, reason: "lock", orderId: "x" });
    expect(ledger.apply([move("ann", "usd", -30n, 30n), move("ben", "tst", -41n, 41n)])).toEqual({
      ok: false,
      problem: { memberId: "ben", currency: "tst", balance: -1n, locked: 41n },
    });
    expect(ledger.apply([move("ann", "usd", 0n, -1n)])).toEqual({ ok: false, problem: { memberId: "ann", currency: "usd", balance: 100n, locked: -1n } });
    expect(ledger.accounts()).toEqual([
      { memberId: "ann", currency: "usd", balance: 100n, locked: 0n },
      { memberId: "ben", currency: "tst", balance: 40n, locked: 0n },
    ]);
    expect(ledger.apply([move("ann", "usd", -30n, 30n)])).toEqual({ ok: true });
    expect(ledger.account("ann", "usd")).toEqual({ balance: 70n, locked: 30n });
    expect([ledger.total("usd"), ledger.total("tst"), ledger.total("eth")]).toEqual([100n, 40n, 0n]);
    const copy = ledger.accounts()[0];
    if (copy) copy.balance = 0n;
    expect(ledger.account("ann", "usd").balance).toBe(70n);
  });
});

describe("string forms", () => {
  it("formats currency amounts and private order and trade events at the market's scales", () => {
    expect(currencyScaleOf(tst, "tst")).toBe(3);
    expect(currencyScaleOf(tst, "usd")).toBe(4);
    expect(() => currencyScaleOf(tst, "eth")).toThrow(new RangeError("eth is not traded in tstusd"));
    expect(formatCurrencyAmount(tst, "usd", 12_345n)).toBe("1.2345");
    expect(formatCurrencyAmount(tst, "tst", 12_345n)).toBe("12.345");

    const engine = new MatchingEngine(tst);
    placed(engine, limit("ann", "sell", 10_000n, 10n, "s1"));
    const bid = placed(engine, limit("ben", "buy", 10_000n, 15n, "b1"));
    const orderDto = formatEvents(tst, bid.events).find((event) => event.type === "order" && event.order.id === "b1");
    expect(orderDto).toMatchObject({ order: { lockCurrency: "usd", locked: "50.0000", price: "100.00", volume: "0.5" } });
    const askDto = formatEvents(tst, engine.place(limit("cat", "sell", 10_500n, 5n, "c1"), RICH).ok ? engine.openOrdersOf("cat").map((order) => ({ type: "order" as const, created: false, order })) : []);
    expect(askDto[0]).toMatchObject({ order: { lockCurrency: "tst", locked: "0.500" } });

    expect(formatPrivateOrder(tst, { ...bid.order, updatedAt: 1_700_000_001_999 })).toEqual({
      id: "b1",
      at: 1_700_000_001,
      market: "tstusd",
      kind: "bid",
      ord_type: "limit",
      price: "100.00",
      state: "wait",
      volume: "0.5",
      origin_volume: "1.5",
    });
    expect(formatPrivateOrder(tst, { ...bid.order, side: "sell", kind: "market", price: null })).toMatchObject({ kind: "ask", ord_type: "market", price: null });

    const [trade] = trades(bid.events);
    if (!trade) throw new Error("no trade");
    const shared = { at: Math.floor(trade.at / 1000), price: "100.00", volume: "1.0", market: "tstusd" };
    expect(formatPrivateTrade(tst, trade, "ben", 7)).toEqual({ id: 7, kind: "bid", ...shared });
    expect(formatPrivateTrade(tst, trade, "ann", 7)).toEqual({ id: 7, kind: "ask", ...shared });
    const sellTaker = { ...trade, takerSide: "sell" as const, takerMemberId: "ann", makerMemberId: "ben" };
    expect(formatPrivateTrade(tst, sellTaker, "ann", 8)).toMatchObject({ kind: "ask" });
    expect(formatPrivateTrade(tst, sellTaker, "ben", 8)).toMatchObject({ kind: "bid" });
  });

  it("submitOrder names the balance it could not read", () => {
    const engine = new MatchingEngine(tst);
    expect(() => submitOrder(engine, { id: "q", memberId: "ann", side: "buy", kind: "limit", price: "100", volume: "1", at: 0 }, "lots")).toThrow(
      'available usd: "lots" is not a decimal with at most 4 decimals (malformed)',
    );
  });
});

describe("decimals", () => {
  it("pow10 gives powers of ten and refuses negative and fractional exponents", () => {
    expect([pow10(0), pow10(1), pow10(3), pow10(3), pow10(18)]).toEqual([1n, 10n, 1000n, 1000n, 10n ** 18n]);
    expect(() => pow10(-1)).toThrow(new RangeError("pow10 needs a non-negative integer, got -1"));
    expect(() => pow10(1.5)).toThrow(new RangeError("pow10 needs a non-negative integer, got 1.5"));
  });

  it("formats at scale 0 and counts a config string's decimals", () => {
    expect([formatScaled(5n, 0), formatScaled(-5n, 0), formatScaled(0n, 0)]).toEqual(["5", "-5", "0"]);
    expect([decimalsOf("5"), decimalsOf("0.50"), decimalsOf("-0.001")]).toEqual([0, 2, 3]);
    expect(() => decimalsOf("1e5")).toThrow(new RangeError('"1e5" is not a decimal'));
    expect(parseScaled("-0.5", 1)).toEqual({ ok: true, value: -5n });
  });
});

describe("rebuilding from stored strings", () => {
  const record = { id: "r1", memberId: "ann", side: "sell" as const, price: "100.00", volume: "1.0", originVolume: "2.0", filledFunds: "100.000", seq: 1, at: 0 };
  const state = (change: Record<string, unknown>, extra: { lastPrice?: string | null; sequence?: number } = {}) => ({
    sequence: 5,
    lastPrice: null,
    ...extra,
    openOrders: [{ ...record, ...change }],
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["price", { price: "100.005" }, 'open order r1 price: "100.005" is not a decimal with at most 2 decimals (too_precise)'],
    ["volume", { volume: "x" }, 'open order r1 volume: "x" is not a decimal with at most 1 decimals (malformed)'],
    ["originVolume", { originVolume: "2.05" }, 'open order r1 originVolume: "2.05" is not a decimal with at most 1 decimals (too_precise)'],
    ["filledFunds", { filledFunds: "1.0001" }, 'open order r1 filledFunds: "1.0001" is not a decimal with at most 3 decimals (too_precise)'],
  ])("names a bad stored %s", (_field, change, message) => {
    expect(() => createMatchingEngine(tst, state(change))).toThrow(new RangeError(message));
  });

  it("names a bad stored last price, and rebuilds a one-sided book", () => {
    expect(() => createMatchingEngine(tst, state({}, { lastPrice: "1e2" }))).toThrow(new RangeError('tstusd last price: "1e2" is not a decimal with at most 2 decimals (malformed)'));
    const engine = createMatchingEngine(tst, state({}, { lastPrice: "99.95" }));
    expect([engine.lastPrice, engine.sequence, engine.openOrders().map((order) => [order.id, order.volume, order.originVolume, order.filledFunds, order.locked])]).toEqual([
      9_995n,
      5,
      [["r1", 10n, 20n, 100_000n, 1_000n]],
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a zero price", { price: "0" }, "restore: order r1 has impossible amounts"],
    ["a zero volume", { volume: "0" }, "restore: order r1 has impossible amounts"],
    ["more volume than its origin", { volume: "3.0" }, "restore: order r1 has impossible amounts"],
    ["a seq after the market's", { seq: 6 }, "restore: order r1 has seq 6 after the sequence 5"],
  ])("refuses a stored order with %s", (_label, change, message) => {
    expect(() => createMatchingEngine(tst, state(change))).toThrow(message);
  });

  it("rebuilds a book of bids only, and refuses a crossed one", () => {
    const bids = createMatchingEngine(tst, state({ side: "buy" }));
    expect(bids.bestPrices()).toEqual({ ask: null, bid: 10_000n });
    const crossed = { sequence: 5, lastPrice: null, openOrders: [record, { ...record, id: "r2", side: "buy" as const, price: "100.05", seq: 2 }] };
    expect(() => createMatchingEngine(tst, crossed)).toThrow("restore: the book would be crossed (best ask 100.00 USD <= best bid 100.05 USD)");
  });

  it("accepts a stored order whose volume is its whole origin, at the market's sequence", () => {
    expect(createMatchingEngine(tst, state({ volume: "2.0", seq: 5 })).openOrders()).toHaveLength(1);
  });

  it("refuses snapshots that are not open limit orders", () => {
    const engine = new MatchingEngine(tst);
    const done = placed(engine, limit("ann", "sell", 10_000n, 10n, "d1"));
    placed(engine, limit("ben", "buy", 10_000n, 10n));
    const doneSnapshot = { ...done.order, state: "done" as const };
    expect(() => rebuildFromSnapshots(tst, [doneSnapshot], 9, null)).toThrow("order d1 is not an open limit order");
    expect(() => rebuildFromSnapshots(tst, [{ ...done.order, price: null }], 9, null)).toThrow("order d1 is not an open limit order");
    expect(rebuildFromSnapshots(tst, [done.order], 9, null).openOrders()).toHaveLength(1);
  });
});
