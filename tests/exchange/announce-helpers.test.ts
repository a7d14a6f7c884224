// Small parts of announcing and answering orders: the coalescing tickers scheduler and the order form's
// confirmation sentence.
import { describe, expect, it } from "vitest";
import { describeOrder } from "@/lib/exchange/describe-order";
import { createTickersScheduler } from "@/lib/exchange/publish-tickers";
import type { OrderView } from "@/lib/schemas/order";

describe("createTickersScheduler", () => {
  it("shares one send among calls made before it starts; a call during a send gets the next one", async () => {
    let sends = 0;
    let release: () => void = () => undefined;
    const send = () => {
      sends += 1;
      return new Promise<boolean>((resolve) => (release = () => resolve(true)));
    };
    const schedule = createTickersScheduler(send, 5);
    const first = [schedule(), schedule(), schedule()];
    expect(new Set(first).size).toBe(1);
    await expect.poll(() => sends).toBe(1);
    // The first send is running (it may have read the DB already): a new change needs another send.
    const second = schedule();
    expect(second).not.toBe(first[0]);
    release();
    expect(await first[0]).toBe(true);
    await expect.poll(() => sends).toBe(2);
    release();
    expect(await second).toBe(true);
  });

  it("answers false when the send fails", async () => {
    const schedule = createTickersScheduler(() => Promise.reject(new Error("down")), 1);
    expect(await schedule()).toBe(false);
  });
});

function view(fields: Partial<OrderView>): OrderView {
  return {
    id: "o1", marketId: "btcusd", side: "buy", kind: "limit", price: "50000.00", volume: "0.1000", originVolume: "0.1000", filledVolume: "0.0000",
    filledFunds: "0.000000", averagePrice: null, locked: "5000.00000000", lockCurrency: "usd", state: "wait", cancelReason: null, clientOrderId: null,
    createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", ...fields,
  };
}

describe("describeOrder", () => {
  const units = { baseUnit: "btc", quoteUnit: "usd" };
  it("says what happened, in the market's units and precision", () => {
    expect(describeOrder(view({}), units)).toBe("Buy order placed: 0.1000 BTC at 50,000.00 USD.");
    expect(describeOrder(view({ side: "sell", state: "done", volume: "0.0000", filledVolume: "0.1000", averagePrice: "50000.00" }), units)).toBe("Sold 0.1000 BTC at an average 50,000.00 USD.");
    expect(describeOrder(view({ volume: "0.0600", filledVolume: "0.0400", averagePrice: "49990.00" }), units)).toBe("Bought 0.0400 BTC at an average 49,990.00 USD; 0.0600 BTC rests at 50,000.00 USD.");
    expect(describeOrder(view({ kind: "market", price: null, state: "cancel", volume: "0.8501", filledVolume: "0.1499", averagePrice: "50003.33" }), units)).toBe(
      "Bought 0.1499 BTC at an average 50,003.33 USD; the 0.8501 BTC left unfilled was cancelled.",
    );
    expect(describeOrder(view({ kind: "market", price: null, state: "cancel" }), units)).toBe("No matching orders within the price band: the order for 0.1000 BTC was cancelled.");
    expect(describeOrder(view({}), units, true)).toBe("Already placed: Buy order placed: 0.1000 BTC at 50,000.00 USD.");
  });
});
