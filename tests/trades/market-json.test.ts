// The answer every GET /api/markets/[marketId]/* route gives: the read's JSON, 404, or a logged 500.
import { afterEach, describe, expect, it, vi } from "vitest";
import { marketJson } from "@/app/api/markets/market-json";

afterEach(() => vi.restoreAllMocks());

describe("marketJson", () => {
  it("answers the read's value as uncached JSON", async () => {
    const response = await marketJson("/api/markets/btcusd", "market", async () => ({ last: "1.5" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ last: "1.5" });
  });

  it("answers 404 Unknown market when the read finds no market", async () => {
    const response = await marketJson("/api/markets/nosuch", "ticker", async () => null);
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "Unknown market" });
  });

  it("answers 500 naming what it could not read when the database fails, and logs the cause", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await marketJson("/api/markets/btcusd/candles", "candles", async () => {
      throw new Error("SQLITE_BUSY");
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Could not read the candles" });
    expect(log).toHaveBeenCalledWith("[GET /api/markets/btcusd/candles] failed:", expect.objectContaining({ message: "SQLITE_BUSY" }));
  });
});
