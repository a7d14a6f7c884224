// Focused examples of the pure matching engine and its funds model, in the decimal strings a
// trader sees: fills at the maker's price, priority, partial fills, market orders and their
// bound, self-trade, cancels, refusals that change nothing, fees, and rebuilding from the DB.
import { describe, expect, it } from "vitest";
import { createMatchingEngine, defineMarket, formatBookUpdate, formatPublicTrade, MatchingEngine, sumFundsByAccount, type TradeEvent } from "@/lib/exchange/engine";
import { BTCUSD_CONFIG, eventsOf, ExchangeHarness } from "./support/exchange-harness";

function funded(lastPrice: string | null = null, config = {}): ExchangeHarness {
  const h = new ExchangeHarness(config, lastPrice);
  for (const member of ["alice", "bob", "carol", "dave", "erin"]) {
    h.fund(member, "btc", "10");
    h.fund(member, "usd", "1000000");
  }
  return h;
}

describe("matching engine: fills", () => {
  it("fills a crossing buy at the resting ask's price and moves funds exactly", () => {
    const h = funded();
    const ask = h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    expect(ask.ok && ask.order?.state).toBe("wait");
    expect(h.book()).toEqual({ asks: [["50000.00", "0.5000"]], bids: [] });
    expect(h.account("alice", "btc")).toEqual({ balance: "9.50000000", locked: "0.50000000" });

    const bid = h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "50100", volume: "0.2" });
    const [trade] = eventsOf(bid, "trade");
    expect(trade).toMatchObject({ price: "50000.00", volume: "0.2000", funds: "10000.000000", takerSide: "buy", makerMemberId: "alice", takerMemberId: "bob" });
    expect(bid.ok && bid.order).toMatchObject({ state: "done", volume: "0.0000", originVolume: "0.2000", locked: "0.00000000" });
    // bob locked 50100 x 0.2 = 10020, paid 10000 at the maker's price, got the 20 back
    expect(h.account("bob", "usd")).toEqual({ balance: "990000.00000000", locked: "0.00000000" });
    expect(h.account("bob", "btc")).toEqual({ balance: "10.20000000", locked: "0.00000000" });
    expect(h.account("alice", "btc")).toEqual({ balance: "9.50000000", locked: "0.30000000" });
    expect(h.account("alice", "usd")).toEqual({ balance: "1010000.00000000", locked: "0.00000000" });
    expect(eventsOf(bid, "order").map((e) => [e.order.id, e.order.state, e.order.volume])).toEqual([
      [bid.ok && bid.order?.id, "done", "0.0000"],
      [ask.ok && ask.order?.id, "wait", "0.3000"],
    ]);
    expect(eventsOf(bid, "level")).toEqual([{ type: "level", side: "sell", price: "50000.00", volume: "0.3000" }]);
    expect(h.book()).toEqual({ asks: [["50000.00", "0.3000"]], bids: [] });
  });

  it("fills the better price first, then the older order at the same price", () => {
    const h = funded();
    const carol = h.submit({ memberId: "carol", side: "sell", kind: "limit", price: "50000", volume: "0.1" });
    const dave = h.submit({ memberId: "dave", side: "sell", kind: "limit", price: "50000", volume: "0.1" });
    const erin = h.submit({ memberId: "erin", side: "sell", kind: "limit", price: "49999", volume: "0.1" });
    const bid = h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "50000", volume: "0.25" });
    const ids = (r: typeof carol) => (r.ok ? r.order?.id : undefined);
    expect(eventsOf(bid, "trade").map((t) => [t.makerOrderId, t.price, t.volume])).toEqual([
      [ids(erin), "49999.00", "0.1000"],
      [ids(carol), "50000.00", "0.1000"],
      [ids(dave), "50000.00", "0.0500"],
    ]);
    expect(h.book()).toEqual({ asks: [["50000.00", "0.0500"]], bids: [] });
  });

  it("rests the unfilled part of a limit order with its lock at price x remaining", () => {
    const h = funded();
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.3" });
    const bid = h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "50000", volume: "1" });
    expect(bid.ok && bid.order).toMatchObject({ state: "wait", volume: "0.7000", originVolume: "1.0000", locked: "35000.00000000" });
    expect(h.book()).toEqual({ asks: [], bids: [["50000.00", "0.7000"]] });
    expect(h.account("bob", "usd")).toEqual({ balance: "950000.00000000", locked: "35000.00000000" });
  });

  it("stops a market buy when its spend limit cannot pay for another lot, and cancels the rest", () => {
    const h = funded();
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.1" });
    h.submit({ memberId: "carol", side: "sell", kind: "limit", price: "50010", volume: "0.1" });
    const buy = h.submit({ memberId: "bob", side: "buy", kind: "market", volume: "1", quoteBound: "7001" });
    expect(eventsOf(buy, "trade").map((t) => [t.price, t.volume, t.funds])).toEqual([
      ["50000.00", "0.1000", "5000.000000"],
      ["50010.00", "0.0400", "2000.400000"],
    ]);
    expect(buy.ok && buy.order).toMatchObject({ state: "cancel", cancelReason: "market-remainder", volume: "0.8600", locked: "0.00000000" });
    expect(h.account("bob", "usd")).toEqual({ balance: "992999.60000000", locked: "0.00000000" });
    expect(h.book()).toEqual({ asks: [["50010.00", "0.0600"]], bids: [] });
  });

  it("cancels a market order that finds nothing, and leaves the balance as it was", () => {
    const h = funded();
    const sell = h.submit({ memberId: "alice", side: "sell", kind: "market", volume: "0.5" });
    expect(sell.ok && sell.order).toMatchObject({ state: "cancel", cancelReason: "market-remainder", volume: "0.5000" });
    expect(eventsOf(sell, "trade")).toEqual([]);
    expect(h.account("alice", "btc")).toEqual({ balance: "10.00000000", locked: "0.00000000" });
    expect(h.engine.orderCount).toBe(0);
  });

  it("does not let a market order trade outside the price band around the last price", () => {
    const market = defineMarket(BTCUSD_CONFIG);
    const engine = createMatchingEngine(market, {
      sequence: 3,
      lastPrice: "50000.00",
      openOrders: [
        { id: "a1", memberId: "alice", side: "sell", price: "50000.00", volume: "0.1000", originVolume: "0.1000", seq: 1, at: 1 },
        { id: "a2", memberId: "alice", side: "sell", price: "59000.00", volume: "0.1000", originVolume: "0.1000", seq: 2, at: 2 },
        { id: "a3", memberId: "alice", side: "sell", price: "61000.00", volume: "0.1000", originVolume: "0.1000", seq: 3, at: 3 },
      ],
    });
    const result = engine.place({ id: "b1", memberId: "bob", side: "buy", kind: "market", price: null, volume: 10_000n, quoteBound: 10n ** 16n, at: 10 }, 10n ** 16n);
    if (!result.ok) throw new Error(result.error.message);
    const trades = result.events.filter((e): e is TradeEvent => e.type === "trade");
    expect(trades.map((t) => t.price)).toEqual([5_000_000n, 5_900_000n]);
    expect(result.order.state).toBe("cancel");
    expect(engine.openOrders().map((o) => o.id)).toEqual(["a3"]);
  });
});

describe("matching engine: self-trade, cancel, refusals", () => {
  it("cancels the member's own resting order instead of trading with it, then matches the next", () => {
    const h = funded();
    const own = h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.1" });
    h.submit({ memberId: "bob", side: "sell", kind: "limit", price: "50001", volume: "0.1" });
    const buy = h.submit({ memberId: "alice", side: "buy", kind: "limit", price: "50001", volume: "0.1" });
    expect(eventsOf(buy, "trade").map((t) => [t.makerMemberId, t.price])).toEqual([["bob", "50001.00"]]);
    const cancelled = eventsOf(buy, "order").find((e) => own.ok && e.order.id === own.order?.id);
    expect(cancelled?.order).toMatchObject({ state: "cancel", cancelReason: "self-trade", locked: "0.00000000" });
    expect(h.account("alice", "btc")).toEqual({ balance: "10.10000000", locked: "0.00000000" });
    expect(h.book()).toEqual({ asks: [], bids: [] });
  });

  it("cancels only the member's own order; another member's id gets the same answer as a missing one", () => {
    const h = funded();
    const ask = h.submit({ id: "alice-1", memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    expect(ask.ok).toBe(true);
    const sequence = h.engine.sequence;
    const foreign = h.cancel("alice-1", "bob");
    const missing = h.cancel("nope", "bob");
    expect(foreign).toEqual(missing);
    expect(foreign).toMatchObject({ ok: false, error: { code: "order_not_found" } });
    expect(h.engine.sequence).toBe(sequence);

    const own = h.cancel("alice-1", "alice");
    expect(own.ok && own.sequence).toBe(sequence + 1);
    expect(h.account("alice", "btc")).toEqual({ balance: "10.00000000", locked: "0.00000000" });
    expect(h.book()).toEqual({ asks: [], bids: [] });
  });

  it("cancels all of a member's orders in the market, and nothing of anyone else's", () => {
    const h = funded();
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50100", volume: "0.5" });
    h.submit({ memberId: "alice", side: "buy", kind: "limit", price: "49000", volume: "0.5" });
    h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "48000", volume: "0.5" });
    const result = h.cancelAll("alice");
    expect(result.ok && result.events.filter((e) => e.type === "order").length).toBe(3);
    expect(h.account("alice", "btc").locked).toBe("0.00000000");
    expect(h.account("alice", "usd").locked).toBe("0.00000000");
    expect(h.book()).toEqual({ asks: [], bids: [["48000.00", "0.5000"]] });
    const again = h.cancelAll("alice");
    expect(again).toEqual({ ok: true, sequence: h.engine.sequence, events: [] });
  });

  it("refuses an order the member cannot fund, with the amounts, and changes nothing", () => {
    const h = new ExchangeHarness();
    h.fund("bob", "usd", "100");
    h.fund("alice", "btc", "1");
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    const before = { book: h.book(), sequence: h.engine.sequence, accounts: h.ledger.accounts() };
    const result = h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "50000", volume: "0.01" });
    expect(result).toEqual({
      ok: false,
      error: { code: "insufficient_funds", field: "volume", message: "Not enough USD: this order needs 500.00000000 USD and 100.00000000 USD is available" },
    });
    expect({ book: h.book(), sequence: h.engine.sequence, accounts: h.ledger.accounts() }).toEqual(before);
  });

  it("refuses a second open order with the same id", () => {
    const h = funded();
    h.submit({ id: "same", memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    const again = h.submit({ id: "same", memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    expect(again).toMatchObject({ ok: false, error: { code: "duplicate_order" } });
    expect(h.book()).toEqual({ asks: [["50000.00", "0.5000"]], bids: [] });
  });
});

describe("matching engine: fees, rebuild, channel payloads", () => {
  it("takes maker and taker fees from what each receives, into the fee account, conserving every currency", () => {
    const h = funded(null, { makerFee: "0.001", takerFee: "0.002" });
    const totals = () => ({ btc: h.ledger.total("btc"), usd: h.ledger.total("usd") });
    const before = totals();
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    h.submit({ memberId: "bob", side: "buy", kind: "limit", price: "50000", volume: "0.5" });
    expect(h.account("bob", "btc").balance).toBe("10.49900000");
    expect(h.account("alice", "usd").balance).toBe("1024975.00000000");
    expect(h.account("fee", "btc").balance).toBe("0.00100000");
    expect(h.account("fee", "usd").balance).toBe("25.00000000");
    expect(totals()).toEqual(before);
  });

  it("nets a command's funds events per account, as one UPDATE per account row would apply them", () => {
    const engine = new MatchingEngine(defineMarket(BTCUSD_CONFIG));
    const plenty = 10n ** 20n;
    engine.place({ id: "a", memberId: "alice", side: "sell", kind: "limit", price: 5_000_000n, volume: 5000n, quoteBound: null, at: 1 }, plenty);
    const result = engine.place({ id: "b", memberId: "bob", side: "buy", kind: "limit", price: 5_010_000n, volume: 2000n, quoteBound: null, at: 2 }, plenty);
    if (!result.ok) throw new Error(result.error.message);
    // bob: locked 50100 x 0.2 and paid 10000 of it, the rest unlocked; alice: 0.2 BTC out of her lock
    expect(sumFundsByAccount(result.events)).toEqual([
      { memberId: "bob", currency: "usd", balance: -1_000_000_000_000n, locked: 0n },
      { memberId: "bob", currency: "btc", balance: 20_000_000n, locked: 0n },
      { memberId: "alice", currency: "btc", balance: 0n, locked: -20_000_000n },
      { memberId: "alice", currency: "usd", balance: 1_000_000_000_000n, locked: 0n },
    ]);
  });

  it("rebuilds the book from stored open orders in time priority and goes on matching", () => {
    const market = defineMarket(BTCUSD_CONFIG);
    const engine = createMatchingEngine(market, {
      sequence: 12,
      lastPrice: "50000.00",
      openOrders: [
        { id: "late", memberId: "carol", side: "sell", price: "50000.00", volume: "0.1000", originVolume: "0.3000", filledFunds: "10000.000000", seq: 9, at: 9 },
        { id: "early", memberId: "dave", side: "sell", price: "50000.00", volume: "0.1000", originVolume: "0.1000", seq: 4, at: 4 },
        { id: "bid", memberId: "erin", side: "buy", price: "49000.00", volume: "0.2000", originVolume: "0.2000", seq: 7, at: 7 },
      ],
    });
    expect(engine.sequence).toBe(12);
    expect(formatBookUpdate(market, engine.depth())).toEqual({ asks: [["50000.00", "0.2000"]], bids: [["49000.00", "0.2000"]] });
    const result = engine.place({ id: "t", memberId: "bob", side: "buy", kind: "limit", price: 5_000_000n, volume: 1000n, quoteBound: null, at: 20 }, 10n ** 20n);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.sequence).toBe(13);
    const trade = result.events.find((e): e is TradeEvent => e.type === "trade");
    expect(trade?.makerOrderId).toBe("early");
    expect(trade && formatPublicTrade(market, trade, 77)).toEqual({ tid: 77, type: "buy", date: 0, price: "50000.00", amount: "0.1000" });
  });

  it("refuses to rebuild a crossed book or a duplicated order", () => {
    const market = defineMarket(BTCUSD_CONFIG);
    const order = { memberId: "m", volume: "0.1000", originVolume: "0.1000", at: 1 };
    expect(() =>
      createMatchingEngine(market, {
        sequence: 2,
        lastPrice: null,
        openOrders: [
          { ...order, id: "a", side: "sell", price: "100.00", seq: 1 },
          { ...order, id: "b", side: "buy", price: "100.00", seq: 2 },
        ],
      }),
    ).toThrow(/crossed/);
    expect(() =>
      createMatchingEngine(market, {
        sequence: 2,
        lastPrice: null,
        openOrders: [
          { ...order, id: "a", side: "sell", price: "100.00", seq: 1 },
          { ...order, id: "a", side: "sell", price: "101.00", seq: 2 },
        ],
      }),
    ).toThrow(/twice/);
  });
});

describe("matching engine: found by the properties", () => {
  it("a market buy whose spend limit is used up leaves the member's own next resting order alone", () => {
    const h = funded();
    h.submit({ memberId: "carol", side: "sell", kind: "limit", price: "50000", volume: "0.2" });
    const own = h.submit({ memberId: "bob", side: "sell", kind: "limit", price: "50000", volume: "0.1" });
    const buy = h.submit({ memberId: "bob", side: "buy", kind: "market", volume: "1", quoteBound: "5004" });
    expect(eventsOf(buy, "trade").map((t) => [t.makerMemberId, t.volume])).toEqual([["carol", "0.1000"]]);
    expect(eventsOf(buy, "order").map((e) => e.order.cancelReason)).toEqual(["market-remainder", null]);
    expect(own.ok && h.engine.openOrder(own.order?.id ?? "")?.state).toBe("wait");
  });
});
