// Positive decimal text as the trade form and the server check it (lib/schemas/decimal.ts): every rule with its
// message, text comparison without floats, and the zod schema's trimming and canonical output.
import { describe, expect, it } from "vitest";
import { canonicalDecimal, compareDecimals, decimalProblem, positiveDecimalSchema, significantDigits, type DecimalLimits } from "@/lib/schemas/decimal";

const PRICE: DecimalLimits = { label: "Price", max: "10000000", maxDecimals: 8, maxSignificantDigits: 15 };
const PLAIN = "Price must be a plain number such as 1234.5 (no commas, signs or exponents)";

describe("decimalProblem", () => {
  it.each(["1", "0.5", ".5", ".25", "5.", "1.25", "0.00000001", "9999999.99999999", "10000000", "10000000.00", "007.50"])("accepts %j", (text) => {
    expect(decimalProblem(text, PRICE)).toBeNull();
  });

  it("requires a value", () => {
    expect(decimalProblem("", PRICE)).toBe("Price is required");
  });

  it.each(["-5", "-12", "-1.25", "-1.", "-.5", "-.25", "-0"])("refuses the negative %j as not greater than zero", (text) => {
    expect(decimalProblem(text, PRICE)).toBe("Price must be greater than zero");
  });

  it.each(["0", "0.0", "000", ".0", "0.00000000"])("refuses the zero %j as not greater than zero", (text) => {
    expect(decimalProblem(text, PRICE)).toBe("Price must be greater than zero");
  });

  it.each(["abc", "a1", "1a", "1-5", "-5x", "x-5", "--5", "+5", "1e5", "0x10", "1,000", "1 000", " 1", "1.2.3", ".", "-", "-.", "1..5", "Infinity", "NaN", "١٢"])(
    "refuses %j as not a plain number",
    (text) => {
      expect(decimalProblem(text, PRICE)).toBe(PLAIN);
    },
  );

  it("refuses more decimal places than allowed, after dropping trailing zeros", () => {
    expect(decimalProblem("1.123456789", PRICE)).toBe("Price can have at most 8 decimal places");
    expect(decimalProblem("0.000000001", PRICE)).toBe("Price can have at most 8 decimal places");
    expect(decimalProblem("1.123456780", PRICE)).toBeNull();
    expect(decimalProblem("1.5", { ...PRICE, maxDecimals: 0 })).toBe("Price can have at most 0 decimal places");
    expect(decimalProblem("15", { ...PRICE, maxDecimals: 0 })).toBeNull();
  });

  it("refuses values above the maximum, naming it with thousands separators", () => {
    expect(decimalProblem("10000000.00000001", PRICE)).toBe("Price must be at most 10,000,000");
    expect(decimalProblem("10000001", PRICE)).toBe("Price must be at most 10,000,000");
    expect(decimalProblem("99999999", PRICE)).toBe("Price must be at most 10,000,000");
    expect(decimalProblem("1000", { ...PRICE, max: "999.5" })).toBe("Price must be at most 999.5");
    expect(decimalProblem("1235", { ...PRICE, max: "1234" })).toBe("Price must be at most 1,234");
    expect(decimalProblem("124", { ...PRICE, max: "0123" })).toBe("Price must be at most 123");
    expect(decimalProblem("1234567", { ...PRICE, max: "123456" })).toBe("Price must be at most 123,456");
  });

  it("refuses more significant digits than the limit", () => {
    expect(decimalProblem("1234567.12345678", PRICE)).toBeNull();
    expect(decimalProblem("1234567.123456789", { ...PRICE, maxDecimals: 9 })).toBe("Price can have at most 15 significant digits");
    expect(decimalProblem("0.000000123456789", { ...PRICE, maxDecimals: 15, maxSignificantDigits: 9 })).toBeNull();
    expect(decimalProblem("0.0000001234567891", { ...PRICE, maxDecimals: 16, maxSignificantDigits: 9 })).toBe(
      "Price can have at most 9 significant digits",
    );
  });

  it("uses the field's label in every message", () => {
    const amount = { ...PRICE, label: "Amount" };
    expect(["", "-1", "x", "1.123456789", "0", "99999999"].map((text) => decimalProblem(text, amount)?.split(" ")[0])).toEqual(Array(6).fill("Amount"));
  });
});

describe("compareDecimals", () => {
  it.each([
    ["1", "1", 0],
    ["12", "13", -1],
    ["13", "12", 1],
    ["9", "10", -1],
    ["100", "99", 1],
    ["0.5", "0.45", 1],
    ["0.45", "0.5", -1],
    ["1", "1.5", -1],
    ["1.5", "1", 1],
    ["1.05", "1.5", -1],
    ["2.1", "2.10", 0],
    ["2.10", "2.1", 0],
    ["0.00000001", "0", 1],
    ["0", "0.00000001", -1],
    ["12345678", "12345679", -1],
    ["10000000", "9999999.99999999", 1],
  ])("compareDecimals(%j, %j) = %i", (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });
});

describe("canonicalDecimal and significantDigits", () => {
  it("drop leading and trailing zeros", () => {
    expect(canonicalDecimal("000.000")).toBe("0");
    expect(canonicalDecimal("0100.0100")).toBe("100.01");
    expect(canonicalDecimal("5")).toBe("5");
    expect(significantDigits("100")).toBe(3);
    expect(significantDigits("0.1")).toBe(1);
    expect(significantDigits("100.01")).toBe(5);
  });
});

describe("positiveDecimalSchema", () => {
  const schema = positiveDecimalSchema(PRICE);
  const messages = (input: unknown) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };

  it("trims, checks and outputs the canonical text", () => {
    expect(schema.parse(" 007.50 ")).toBe("7.5");
    expect(schema.parse("\t.5\n")).toBe("0.5");
    expect(schema.parse("10000000")).toBe("10000000");
  });

  it("answers each problem as the one message of a custom issue", () => {
    expect(schema.safeParse("-1").error?.issues).toEqual([expect.objectContaining({ code: "custom", message: "Price must be greater than zero", path: [] })]);
    expect(messages("1e5")).toEqual([PLAIN]);
    expect(messages("10000001")).toEqual(["Price must be at most 10,000,000"]);
  });

  it.each([[undefined], [null], [42], [""], ["   "]])("answers %j with 'Price is required'", (input) => {
    expect(messages(input)).toEqual(["Price is required"]);
  });
});
