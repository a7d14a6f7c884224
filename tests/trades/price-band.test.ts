// The trade price band (lib/trades/price-band.ts): 20% around the last price by default, both ends included,
// narrowed to prices a trade can have (8 decimals): the low end rounds up, the high end down.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/browser";
import { priceBand, priceBandProblem } from "@/lib/trades/price-band";

describe("priceBand", () => {
  it.each([
    ["100", undefined, { min: "80", max: "120" }],
    ["66900", undefined, { min: "53520", max: "80280" }],
    ["100", 10, { min: "90", max: "110" }],
    ["1.23456789", undefined, { min: "0.98765432", max: "1.48148146" }],
    ["0.00000003", undefined, { min: "0.00000003", max: "0.00000003" }],
    ["0.00000001", 50, { min: "0.00000001", max: "0.00000001" }],
    ["9999999.99999999", undefined, { min: "8000000", max: "11999999.99999998" }],
  ])("around %s (percent: %s, default 20) is %j", (last, percent, band) => {
    expect(percent === undefined ? priceBand(last) : priceBand(last, percent)).toEqual(band);
  });

  it("takes a Prisma Decimal as the last price", () => {
    expect(priceBand(new Prisma.Decimal("100.00"))).toEqual({ min: "80", max: "120" });
  });
});

describe("priceBandProblem", () => {
  it("lets any price through when the market has no last price yet", () => {
    expect(priceBandProblem("1", null)).toBeNull();
    expect(priceBandProblem("9999999", null, 1)).toBeNull();
  });

  it.each(["80", "80.00000000", "100", "119.99999999", "120"])("accepts %s around 100 (both ends included)", (price) => {
    expect(priceBandProblem(price, "100")).toBeNull();
  });

  it.each(["79.99999999", "120.00000001", "0.00000001", "1000"])("refuses %s around 100, naming the band", (price) => {
    expect(priceBandProblem(price, "100")).toBe("Price must be within 20% of the last price (80.00 – 120.00)");
  });

  it("uses the percent it is given", () => {
    expect(priceBandProblem("111", "100", 10)).toBe("Price must be within 10% of the last price (90.00 – 110.00)");
    expect(priceBandProblem("110", "100", 10)).toBeNull();
  });
});
