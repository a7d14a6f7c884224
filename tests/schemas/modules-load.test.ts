// Every input schema module loads. A change that makes a module throw while loading (a zod discriminated union
// with a broken option throws at construction) breaks every file importing it; imported here inside a test, such a
// failure is a failing test, which the mutation tests' runner counts (a test file that cannot load has no tests).
import { describe, expect, it } from "vitest";

describe("schema modules", () => {
  it.each([
    ["lib/schemas/trade", () => import("@/lib/schemas/trade")],
    ["lib/schemas/auth", () => import("@/lib/schemas/auth")],
    ["lib/schemas/market", () => import("@/lib/schemas/market")],
    ["lib/schemas/console", () => import("@/lib/schemas/console")],
    ["lib/schemas/notifications", () => import("@/lib/schemas/notifications")],
    ["lib/schemas/webhook", () => import("@/lib/schemas/webhook")],
    ["lib/schemas/price-hint", () => import("@/lib/schemas/price-hint")],
    ["lib/schemas/decimal", () => import("@/lib/schemas/decimal")],
  ])("%s loads", async (_name, load) => {
    await expect(load()).resolves.toBeTypeOf("object");
  });
});
