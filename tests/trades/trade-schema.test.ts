// The shared trade schemas: decimal text rules (no floats), the order form's socket id and submission key, and the seeds' event shape.
import { describe, expect, it } from "vitest";
import { canonicalDecimal, compareDecimals, decimalProblem, significantDigits } from "@/lib/schemas/decimal";
import { placeOrderFormSchema } from "@/lib/schemas/order";
import { priceUpdateSchema, toPriceUpdate } from "@/lib/schemas/trade";

describe("decimal text", () => {
  it.each([
    ["007.50", "7.5"],
    [".5", "0.5"],
    ["5.", "5"],
    ["0000", "0"],
    ["10.000", "10"],
    ["0.00000001", "0.00000001"],
  ])("canonicalDecimal(%j) = %j", (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it.each([
    ["1", "1", 0],
    ["1.5", "1.49999999", 1],
    ["9", "10", -1],
    ["10000000", "9999999.99999999", 1],
    ["0.1", "0.10", 0],
  ])("compareDecimals(%j, %j) = %i", (a, b, expected) => {
    expect(compareDecimals(canonicalDecimal(a), canonicalDecimal(b))).toBe(expected);
  });

  it("counts significant digits without leading zeros", () => {
    expect(significantDigits("0.00012")).toBe(2);
    expect(significantDigits("43250.12")).toBe(7);
    expect(significantDigits("10000000")).toBe(8);
  });

  it("refuses more significant digits than a double keeps", () => {
    const limits = { label: "Price", max: "1000000000000", maxDecimals: 8, maxSignificantDigits: 15 };
    expect(decimalProblem("1234567.12345678", limits)).toBeNull();
    expect(decimalProblem("12345678.12345678", limits)).toBe("Price can have at most 15 significant digits");
    expect(decimalProblem("0.30000000000000004", { ...limits, maxDecimals: 20 })).toBe(
      "Price can have at most 15 significant digits",
    );
  });
});

describe("placeOrderFormSchema: socket id and submission key", () => {
  const fields = { marketId: "btcusd", side: "buy", kind: "limit", price: "1", volume: "1", clientKey: "0b7f6c7e-2d3a-4c1e-9f00-5a1b2c3d4e5f" };

  it("keeps a well-formed socket id", () => {
    expect(placeOrderFormSchema.parse({ ...fields, socketId: "123.456" }).socketId).toBe("123.456");
  });

  it.each([[""], ["abc"], ["123"], ["1.2.3"], [undefined]])("drops socket id %j without an error", (socketId) => {
    const parsed = placeOrderFormSchema.safeParse({ ...fields, socketId });
    expect(parsed.success && parsed.data.socketId).toBeUndefined();
  });

  it("requires a submission key: a UUID, kept in lowercase", () => {
    expect(placeOrderFormSchema.parse({ ...fields, clientKey: fields.clientKey.toUpperCase() }).clientKey).toBe(fields.clientKey);
    for (const clientKey of [undefined, "", "not-a-uuid", `${fields.clientKey} `, `{${fields.clientKey}}`, 42]) {
      const parsed = placeOrderFormSchema.safeParse({ ...fields, clientKey });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path[0])).toEqual(["clientKey"]);
    }
  });
});

describe("price_channel / update payload", () => {
  it("carries the seeds' `price` plus what a page needs to apply the trade", () => {
    const payload = toPriceUpdate({
      id: 7,
      marketId: "btcusd",
      side: "sell",
      price: "43250.12",
      amount: "0.5",
      createdAt: "2026-01-02T03:04:05.000Z",
    });
    expect(payload).toEqual({
      marketId: "btcusd",
      tradeId: 7,
      side: "sell",
      price: "43250.12",
      amount: "0.5",
      createdAt: "2026-01-02T03:04:05.000Z",
    });
    expect(priceUpdateSchema.parse(payload)).toEqual(payload);
  });
});
