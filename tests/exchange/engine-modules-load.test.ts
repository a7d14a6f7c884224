// Every engine module loads. Some compute constants while loading (market.ts's FRACTION_ONE = pow10(6)), so a
// change that breaks them throws at import and every file importing the engine fails to load; imported here
// inside a test, that is a failing test, which the mutation tests' runner counts (a file that cannot load has no tests).
import { describe, expect, it } from "vitest";

describe("engine modules", () => {
  it.each([
    ["decimal", () => import("@/lib/exchange/engine/decimal")],
    ["market", () => import("@/lib/exchange/engine/market")],
    ["funds", () => import("@/lib/exchange/engine/funds")],
    ["matching-engine", () => import("@/lib/exchange/engine/matching-engine")],
    ["index", () => import("@/lib/exchange/engine")],
  ])("%s loads", async (_name, load) => {
    await expect(load()).resolves.toBeTypeOf("object");
  });
});
