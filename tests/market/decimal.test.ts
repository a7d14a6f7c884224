// Exact decimals for market math (lib/market/decimal.ts): what toDec accepts and refuses, plain-string output, and
// sums that are never rounded, down to the ticker and the candles.
import { describe, expect, it } from "vitest";
import { aggregateCandles } from "@/lib/market/candles";
import { Dec, decString, normalizeDecimal, toDec } from "@/lib/market/decimal";
import { computeTicker } from "@/lib/market/ticker";
import { Prisma } from "@/lib/generated/prisma/browser";

describe("toDec", () => {
  it.each([
    ["5", "5"],
    ["-5", "-5"],
    ["0.5", "0.5"],
    [".25", "0.25"],
    ["-.5", "-0.5"],
    ["5.", "5"],
    ["1e5", "100000"],
    ["1E5", "100000"],
    ["1e+5", "100000"],
    ["1e-8", "0.00000001"],
    ["2.5e10", "25000000000"],
    ["1e-12", "0.000000000001"],
    [" 5 ", "5"],
    ["\t12.50\n", "12.5"],
  ])("parses %j as %s", (text, expected) => {
    expect(decString(toDec(text))).toBe(expected);
  });

  it.each(["0x10", "0b11", "0o7", "x10", "1abc", "1e5x", "abc1", "1e", "e5", "1.2.3", "1 2", "", " ", "+5", "--5", ".", "-", "NaN", "Infinity", "1,000", "1_000"])(
    "refuses %j with a TypeError naming it",
    (text) => {
      expect(() => toDec(text)).toThrow(new TypeError(`Not a decimal: ${JSON.stringify(text)}`));
    },
  );

  it("takes decimal.js instances as they are and refuses non-finite ones", () => {
    expect(decString(toDec(new Prisma.Decimal("123.4500")))).toBe("123.45");
    expect(toDec(new Prisma.Decimal("1e-8"))).toBeInstanceOf(Dec);
    for (const value of [new Prisma.Decimal(NaN), new Prisma.Decimal(Infinity), new Prisma.Decimal(-Infinity)]) {
      expect(() => toDec(value)).toThrow(new TypeError("Not a finite decimal"));
    }
  });
});

describe("decString and normalizeDecimal", () => {
  it("write plain decimals: no exponent, no trailing zeros, no negative zero", () => {
    expect(decString(new Dec("1e-8"))).toBe("0.00000001");
    expect(decString(new Dec("1.2300e21"))).toBe("1230000000000000000000");
    expect(decString(new Dec("-0"))).toBe("0");
    expect(decString(new Dec("-0.000"))).toBe("0");
    expect(decString(toDec("1").minus("1"))).toBe("0");
    expect(normalizeDecimal("007.500")).toBe("7.5");
    expect(normalizeDecimal(" -0 ")).toBe("0");
    expect(normalizeDecimal(new Prisma.Decimal("2.50e-7"))).toBe("0.00000025");
    expect(() => normalizeDecimal("1,5")).toThrow(TypeError);
  });
});

describe("sums past 20 significant digits are never rounded", () => {
  // decimal.js rounds to 20 significant digits by default; market math keeps 60.
  const a = "12345678901234.12345678";
  const b = "98765432109876.98765432";
  const sum = "111111111011111.1111111"; // 22 significant digits

  it("in plain Dec arithmetic", () => {
    expect(decString(toDec(a).plus(b))).toBe(sum);
    expect(decString(toDec(b).minus(a))).toBe("86419753208642.86419754");
    expect(decString(toDec("99999999999999999999.99999999").plus("0.00000001"))).toBe("100000000000000000000");
    expect(decString(toDec("0.00000001").times("99999999999999.99999999"))).toBe("999999.9999999999999999");
  });

  it("in the ticker's volume and change", () => {
    const now = new Date("2025-03-10T12:00:00.000Z");
    const ticker = computeTicker(
      [
        { id: 1, price: a, amount: a, createdAt: new Date(now.getTime() - 2000) },
        { id: 2, price: b, amount: b, createdAt: new Date(now.getTime() - 1000) },
      ],
      now,
    );
    expect(ticker).toMatchObject({ volume: sum, change: "86419753208642.86419754", open24h: a, last: b });
  });

  it("in a candle's volume", () => {
    const t0 = Date.parse("2025-03-10T12:00:00.000Z");
    const candles = aggregateCandles(
      [
        { id: 1, price: "1", amount: a, createdAt: new Date(t0) },
        { id: 2, price: "2", amount: b, createdAt: new Date(t0 + 1000) },
      ],
      "1m",
    );
    expect(candles.map((candle) => candle.volume)).toEqual([sum]);
  });
});
