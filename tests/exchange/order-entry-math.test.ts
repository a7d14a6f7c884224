// The order form's arithmetic on the demo BTC/USD rules (tick 0.01, lot 0.0001, min 10 USD, band 20%,
// balances at 8 decimals): exact totals, the share buttons' amounts (whole lots, rounded down, a market
// buy's spend limit), and the rules as shown, the band computed exactly as the engine refuses prices.
import { describe, expect, it } from "vitest";
import { defineMarket, parseOrderInput, validateOrder } from "@/lib/exchange/engine";
import { atPricePrecision, describeRules, orderTotal, shareOfBalance } from "@/lib/exchange/order-entry-math";

const BTCUSD = defineMarket({ id: "btcusd", base: "btc", quote: "usd", baseScale: 8, quoteScale: 8, tickSize: "0.01", lotSize: "0.0001", minOrderValue: "10", priceBand: "0.2" });
const NO_BAND = defineMarket({ ...BTCUSD.config, id: "nobands", priceBand: null, minOrderValue: "10.005" });

describe("orderTotal", () => {
  it("is price x amount, exact at the funds precision", () => {
    expect(orderTotal(BTCUSD, "64251.37", "0.1235")).toBe("7935.044195");
    expect(orderTotal(BTCUSD, "99999999.99", "1000000")).toBe("99999999990000.000000");
  });

  it("is null unless both are positive values at the market's precision", () => {
    expect(orderTotal(BTCUSD, "", "1")).toBeNull();
    expect(orderTotal(BTCUSD, "64000.001", "1")).toBeNull();
    expect(orderTotal(BTCUSD, "64000", "0.00001")).toBeNull();
    expect(orderTotal(BTCUSD, "-1", "1")).toBeNull();
    expect(orderTotal(BTCUSD, "64000", "0")).toBeNull();
    expect(orderTotal(BTCUSD, "1e5", "1")).toBeNull();
  });
});

describe("shareOfBalance", () => {
  it("sells a share of the base balance, rounded down to whole lots", () => {
    expect(shareOfBalance(BTCUSD, { side: "sell", kind: "limit", available: "2.00000000", price: null, percent: 25 })).toEqual({ amount: "0.5000", spend: null });
    expect(shareOfBalance(BTCUSD, { side: "sell", kind: "market", available: "0.12345678", price: null, percent: 100 })).toEqual({ amount: "0.1234", spend: null });
    expect(shareOfBalance(BTCUSD, { side: "sell", kind: "limit", available: "0.00009999", price: null, percent: 100 })).toBeNull();
  });

  it("buys what a share of the quote balance pays for at the price, in whole lots; a market buy also gets the share as its spend limit", () => {
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: "100000.00000000", price: "64000.00", percent: 50 })).toEqual({ amount: "0.7812", spend: null });
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "market", available: "100000.00000000", price: "64000", percent: 75 })).toEqual({ amount: "1.1718", spend: "75000.00" });
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "market", available: "10.01999999", price: "1", percent: 100 })).toEqual({ amount: "10.0199", spend: "10.01" });
  });

  it("a share never locks more than the balance: the engine accepts the 100% limit buy", () => {
    const available = "12345.67891234";
    const fill = shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available, price: "64321.09", percent: 100 });
    expect(fill).not.toBeNull();
    const total = orderTotal(BTCUSD, "64321.09", fill?.amount);
    expect(Number(total)).toBeLessThanOrEqual(Number(available));
  });

  it("is null without a balance, a usable price, or when less than one lot fits", () => {
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: null, price: "64000", percent: 100 })).toBeNull();
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: "0.00000000", price: "64000", percent: 100 })).toBeNull();
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: "100", price: "", percent: 100 })).toBeNull();
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: "100", price: "abc", percent: 100 })).toBeNull();
    expect(shareOfBalance(BTCUSD, { side: "buy", kind: "limit", available: "6.39", price: "64000", percent: 100 })).toBeNull();
  });
});

describe("describeRules", () => {
  it("shows each rule at the market's precision, and the band's prices around the last trade", () => {
    expect(describeRules(BTCUSD, "64000")).toEqual({
      tickSize: "0.01",
      lotSize: "0.0001",
      minOrderValue: "10.00",
      bandPercent: "20",
      band: { low: "51200.00", high: "76800.00", reference: "64000.00" },
    });
    expect(describeRules(BTCUSD, null).band).toBeNull();
    expect(describeRules(NO_BAND, "64000")).toMatchObject({ bandPercent: null, band: null, minOrderValue: "10.01" });
  });

  it("gives the band the engine enforces: its ends are accepted, a tick beyond them refused", () => {
    for (const last of ["64251.37", "1.23", "66893.12345678", "9999999.99"]) {
      const { band } = describeRules(BTCUSD, last);
      if (band === null) throw new Error(`no band around ${last}`);
      const reference = BigInt(band.reference.replace(".", ""));
      const check = (price: string) => {
        const parsed = parseOrderInput(BTCUSD, { id: "o", memberId: "m", side: "buy", kind: "limit", price, volume: "100000", at: 0 });
        if (!parsed.ok) throw new Error(parsed.error.message);
        return validateOrder(BTCUSD, parsed.order, reference)?.code ?? "ok";
      };
      const cents = (text: string, delta: bigint) => {
        const value = BigInt(text.replace(".", "")) + delta;
        return `${value / 100n}.${(value % 100n).toString().padStart(2, "0")}`;
      };
      expect(check(band.low)).toBe("ok");
      expect(check(band.high)).toBe("ok");
      expect(check(cents(band.low, -1n))).toBe("price_out_of_band");
      expect(check(cents(band.high, 1n))).toBe("price_out_of_band");
    }
  });
});

describe("atPricePrecision", () => {
  it("writes a price at the tick's decimals (a picked or last price), and leaves anything else as typed", () => {
    expect(atPricePrecision(BTCUSD, "64251.5")).toBe("64251.50");
    expect(atPricePrecision(BTCUSD, "64,251.5")).toBe("64251.50");
    expect(atPricePrecision(BTCUSD, "64251.505")).toBe("64251.505");
    expect(atPricePrecision(BTCUSD, "abc")).toBe("abc");
  });
});
