// Order validation and decimals: every refusal code with its message, the band's exact edges,
// and decimal strings that round-trip through scaled bigints without a float in between.
import { describe, expect, it } from "vitest";
import { defineMarket, formatScaled, parseOrderInput, parseScaled, priceBandLimits, validateOrder, type OrderInput } from "@/lib/exchange/engine";
import { BTCUSD_CONFIG, ExchangeHarness } from "./support/exchange-harness";

const market = defineMarket(BTCUSD_CONFIG);

/** The refusal (or null) for an order given as strings, with the last price as reference. */
function check(fields: Partial<OrderInput>, reference: string | null = "50000"): { code: string; field: string | null; message: string } | null {
  const input: OrderInput = { id: "o1", memberId: "m", side: "buy", kind: "limit", price: "50000", volume: "0.01", at: 0, ...fields };
  const parsed = parseOrderInput(market, input);
  if (!parsed.ok) return parsed.error;
  const ref = reference === null ? null : parseScaled(reference, market.priceScale);
  return validateOrder(market, parsed.order, ref === null ? null : ref.ok ? ref.value : null);
}

describe("validateOrder", () => {
  it("accepts a plain limit order on the tick and lot, above the minimum, inside the band", () => {
    expect(check({})).toBeNull();
    expect(check({ side: "sell", price: "50000.10", volume: "1.2345" })).toBeNull();
    expect(check({ price: "50000.000", volume: "0.01000000" })).toBeNull();
  });

  it.each([
    [{ price: "66893.12345678" }, "price_off_tick", "price", "Price must be a multiple of the price step 0.01"],
    [{ volume: "0.00000001" }, "volume_off_lot", "volume", "Amount must be a multiple of the lot size 0.0001 BTC"],
    [{ volume: "0" }, "not_positive", "volume", "Amount must be greater than 0"],
    [{ volume: "-1" }, "not_positive", "volume", "Amount must be greater than 0"],
    [{ price: "0" }, "not_positive", "price", "Price must be greater than 0"],
    [{ price: "-50000" }, "not_positive", "price", "Price must be greater than 0"],
    [{ price: "1e5" }, "invalid_decimal", "price", "Price must be a plain decimal number such as 12.5"],
    [{ volume: " 1" }, "invalid_decimal", "volume", "Amount must be a plain decimal number such as 12.5"],
    [{ volume: "0.0001" }, "below_min_value", "volume", "Order value must be at least 10 USD (price x amount)"],
    [{ price: "60000.01" }, "price_out_of_band", "price", "Price must be within 20% of the last price 50000.00 USD: from 40000.00 USD to 60000.00 USD"],
    [{ price: "39999.99" }, "price_out_of_band", "price", "Price must be within 20% of the last price 50000.00 USD: from 40000.00 USD to 60000.00 USD"],
    [{ price: null }, "price_required", "price", "A limit order needs a price"],
    [{ quoteBound: "100" }, "bound_not_allowed", "quoteBound", "Only market buys take a spend limit"],
    [{ kind: "market" }, "price_not_allowed", "price", "A market order takes no price"],
    [{ kind: "market", price: null }, "bound_required", "quoteBound", "A market buy needs a spend limit in the quote currency"],
    [{ kind: "market", price: null, quoteBound: "0" }, "not_positive", "quoteBound", "Spend limit must be greater than 0"],
    [{ kind: "market", price: null, quoteBound: "9.99" }, "below_min_value", "quoteBound", "Spend limit must be at least 10 USD"],
    [{ kind: "market", side: "sell", price: null, volume: "0.0001" }, "below_min_value", "volume", "Order value must be at least 10 USD (at the last price)"],
    [{ side: "hold" }, "invalid_side", "side", "Side must be buy or sell"],
    [{ kind: "stop" }, "invalid_kind", "kind", "Order type must be limit or market"],
  ])("refuses %j with %s", (fields, code, field, message) => {
    expect(check(fields)).toEqual({ code, field, message });
  });

  it("allows exactly the band's edges and has no band before the first trade", () => {
    expect(check({ price: "60000.00" })).toBeNull();
    expect(check({ price: "40000.00" })).toBeNull();
    expect(check({ price: "1000000" }, null)).toBeNull();
    expect(priceBandLimits(market, 5_000_000n)).toEqual({ low: 4_000_000n, high: 6_000_000n });
    // tick-aligned: 20% of 100.03 is 20.006, so 80.03 (not 80.024) and 120.03 (not 120.036)
    expect(priceBandLimits(market, 10_003n)).toEqual({ low: 8_003n, high: 12_003n });
  });

  it("checks a tick size that is not a power of ten (0.05) by multiples", () => {
    const nickel = defineMarket({ ...BTCUSD_CONFIG, tickSize: "0.05" });
    const parsed = parseOrderInput(nickel, { id: "o", memberId: "m", side: "buy", kind: "limit", price: "100.03", volume: "1", at: 0 });
    expect(parsed.ok && validateOrder(nickel, parsed.order, null)).toMatchObject({ code: "price_off_tick", message: "Price must be a multiple of the price step 0.05" });
  });

  it("leaves the book, the sequence and the balances alone when it refuses", () => {
    const h = new ExchangeHarness({}, "50000");
    h.fund("alice", "btc", "1");
    h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.5" });
    const before = { book: h.book(), sequence: h.engine.sequence, accounts: h.ledger.accounts() };
    for (const bad of [{ price: "0" }, { volume: "-0.5" }, { price: "70000" }, { volume: "0.00001" }]) {
      const result = h.submit({ memberId: "alice", side: "sell", kind: "limit", price: "50000", volume: "0.1", ...bad });
      expect(result.ok).toBe(false);
    }
    expect({ book: h.book(), sequence: h.engine.sequence, accounts: h.ledger.accounts() }).toEqual(before);
  });
});

describe("market rules", () => {
  it("refuses rules that cannot work together", () => {
    expect(() => defineMarket({ ...BTCUSD_CONFIG, quoteScale: 5 })).toThrow(/quoteScale 5 < tick \+ lot decimals 6/);
    expect(() => defineMarket({ ...BTCUSD_CONFIG, baseScale: 2 })).toThrow(/baseScale/);
    expect(() => defineMarket({ ...BTCUSD_CONFIG, tickSize: "0" })).toThrow(/positive/);
    expect(() => defineMarket({ ...BTCUSD_CONFIG, priceBand: "1.5" })).toThrow(/priceBand/);
    expect(() => defineMarket({ ...BTCUSD_CONFIG, minOrderValue: "0.0000001" })).toThrow(/minOrderValue/);
  });
});

describe("scaled decimals", () => {
  it("reads plain decimals exactly and refuses what a float would silently round", () => {
    expect(parseScaled("66893.12", 2)).toEqual({ ok: true, value: 6_689_312n });
    expect(parseScaled("0.1", 8)).toEqual({ ok: true, value: 10_000_000n });
    expect(parseScaled("1.500", 2)).toEqual({ ok: true, value: 150n });
    expect(parseScaled("-2", 2)).toEqual({ ok: true, value: -200n });
    expect(parseScaled("1.005", 2)).toEqual({ ok: false, reason: "too_precise" });
    expect(parseScaled("9007199254740993.01", 2)).toEqual({ ok: true, value: 900_719_925_474_099_301n });
    for (const bad of ["", ".", "1.", ".5", "+1", "1e3", "0x10", "1,5", " 1", "NaN", "1".repeat(31)]) {
      expect(parseScaled(bad, 2)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("writes scaled bigints back with exactly the scale's decimals", () => {
    expect(formatScaled(6_689_312n, 2)).toBe("66893.12");
    expect(formatScaled(5n, 4)).toBe("0.0005");
    expect(formatScaled(-5n, 4)).toBe("-0.0005");
    expect(formatScaled(0n, 2)).toBe("0.00");
    expect(formatScaled(42n, 0)).toBe("42");
  });
});
