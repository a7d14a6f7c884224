// The trade input and event schemas (lib/schemas/trade.ts): what the form and the action accept, with the
// messages a trader reads, the submission key, and the price_channel payload's strict decimals.
import { describe, expect, it } from "vitest";
import { clientKeySchema, priceUpdateSchema, tradeFieldErrors, tradeFromPriceUpdate, tradeInputSchema, TRADE_SIDES } from "@/lib/schemas/trade";

const input = { marketId: "btcusd", side: "buy", price: "43250.12", amount: "0.5" };
const KEY = "0b7f6c7e-2d3a-4c1e-9f00-5a1b2c3d4e5f";

/** Field -> messages of a failed parse (or {} when it succeeds). */
function errorsOf(value: unknown) {
  const parsed = tradeInputSchema.safeParse(value);
  return parsed.success ? {} : tradeFieldErrors(parsed.error);
}

describe("tradeInputSchema", () => {
  it("accepts a trade and outputs canonical decimals and a trimmed market id", () => {
    expect(tradeInputSchema.parse({ ...input, marketId: " btcusd ", price: "043250.120", amount: " .5 " })).toEqual(input);
    expect(TRADE_SIDES).toEqual(["buy", "sell"]);
    expect(tradeInputSchema.parse({ ...input, side: "sell" }).side).toBe("sell");
  });

  it.each([
    ["no market", { ...input, marketId: undefined }, { marketId: ["Choose a market"] }],
    ["a market id in capitals", { ...input, marketId: "BTCUSD" }, { marketId: ["Unknown market"] }],
    ["a market id with a space inside", { ...input, marketId: "btc usd" }, { marketId: ["Unknown market"] }],
    ["an empty market id", { ...input, marketId: "   " }, { marketId: ["Unknown market"] }],
    ["no side", { ...input, side: undefined }, { side: ["Choose buy or sell"] }],
    ["side hold", { ...input, side: "hold" }, { side: ["Choose buy or sell"] }],
    ["no price", { ...input, price: undefined }, { price: ["Price is required"] }],
    ["a negative amount", { ...input, amount: "-1" }, { amount: ["Amount must be greater than zero"] }],
    ["a price over the maximum", { ...input, price: "10000000.01" }, { price: ["Price must be at most 10,000,000"] }],
    ["an amount over the maximum", { ...input, amount: "1000001" }, { amount: ["Amount must be at most 1,000,000"] }],
    ["9 decimals", { ...input, price: "1.123456789" }, { price: ["Price can have at most 8 decimal places"] }],
    ["an amount with 10 decimals", { ...input, amount: "123456.1234567891" }, { amount: ["Amount can have at most 8 decimal places"] }],
  ])("answers %s with the field's message", (_label, value, errors) => {
    expect(errorsOf(value)).toStrictEqual(errors);
  });

  it("reports every failing field at once, and only those", () => {
    expect(errorsOf({ marketId: "x", side: "", price: "abc", amount: "0" })).toStrictEqual({
      marketId: ["Unknown market"],
      side: ["Choose buy or sell"],
      price: ["Price must be a plain number such as 1234.5 (no commas, signs or exponents)"],
      amount: ["Amount must be greater than zero"],
    });
    expect(errorsOf(input)).toStrictEqual({});
  });
});

describe("tradeFieldErrors", () => {
  it("keeps only the trade fields: a bad submission key is not a field error of the form", () => {
    const parsed = tradeInputSchema.extend({ clientKey: clientKeySchema }).safeParse({ ...input, price: "", clientKey: "nope" });
    expect(parsed.success).toBe(false);
    expect(parsed.error && tradeFieldErrors(parsed.error)).toStrictEqual({ price: ["Price is required"] });
  });
});

describe("clientKeySchema", () => {
  it("answers a malformed key with 'Not a submission key' and keeps a UUID", () => {
    for (const clientKey of [undefined, 42, "nope", `${KEY}0`]) {
      expect(clientKeySchema.safeParse(clientKey).error?.issues.map((issue) => issue.message)).toEqual(["Not a submission key"]);
    }
    expect(clientKeySchema.parse(KEY)).toBe(KEY);
  });
});

describe("priceUpdateSchema", () => {
  const update = { marketId: "btcusd", tradeId: 7, side: "sell", price: "43250.12", amount: "0.5", createdAt: "2026-01-02T03:04:05.000Z" };

  it.each(["1", "12", "1.5", "1.25", "0.00000001", "043250.12"])("accepts the price %j", (price) => {
    expect(priceUpdateSchema.parse({ ...update, price, amount: price })).toEqual({ ...update, price, amount: price });
  });

  it.each(["", "1.", ".5", "-1", "+1", "1e5", " 1", "1 ", "x1", "1x", "1.2.3", "1,5"])("refuses the price or amount %j", (text) => {
    expect(priceUpdateSchema.safeParse({ ...update, price: text }).success).toBe(false);
    expect(priceUpdateSchema.safeParse({ ...update, amount: text }).success).toBe(false);
  });

  it("refuses a bad trade id, side or time", () => {
    for (const change of [{ tradeId: 0 }, { tradeId: 1.5 }, { side: "hold" }, { createdAt: "yesterday" }, { marketId: 1 }]) {
      expect(priceUpdateSchema.safeParse({ ...update, ...change }).success).toBe(false);
    }
  });

  it("turns back into the trade the tape shows", () => {
    expect(tradeFromPriceUpdate(priceUpdateSchema.parse(update))).toEqual({
      id: 7,
      marketId: "btcusd",
      side: "sell",
      price: "43250.12",
      amount: "0.5",
      createdAt: "2026-01-02T03:04:05.000Z",
    });
  });
});
