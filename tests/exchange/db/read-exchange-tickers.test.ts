// The `tickers` payload's own reads on a real SQLite file and a real PostgreSQL: every market in selector order, the best open
// bid (highest buy) and ask (lowest sell) at the market's precision, null for an empty side, and filled
// or cancelled orders no longer counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { readExchangeTickers } from "@/lib/exchange/read-exchange-tickers";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, type ExchangeDb, TEST_DATABASES } from "../support/exchange-db";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let db: ExchangeDb;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    db = await createExchangeDb("read-tickers", "50000", provider === "postgresql" ? postgres : undefined);
    alice = await createMember(db.client, "alice", { usd: "100000", btc: "2" });
    bob = await createMember(db.client, "bob", { usd: "100000", btc: "2" });
  });
  afterAll(async () => db.close());

  async function placed(request: Omit<PlaceOrderRequest, "marketId" | "kind">): Promise<string> {
    const result = await placeOrder(db.client, { marketId: "btcusd", kind: "limit", ...request });
    if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
    return result.order.id;
  }

  describe("readExchangeTickers", () => {
    it("gives each market's best bid and ask from the open orders, at the market's precision", async () => {
      const empty = await readExchangeTickers(db.client);
      expect(Object.keys(empty)).toEqual(["btcusd", "ethusd"]);
      expect(empty.btcusd).toMatchObject({ name: "BTC/USD", base_unit: "btc", quote_unit: "usd", last: "50000", buy: null, sell: null });
      expect(empty.ethusd).toMatchObject({ buy: null, sell: null, last: null });

      await placed({ userId: alice, side: "buy", price: "49000", volume: "0.1" });
      const bestBid = await placed({ userId: alice, side: "buy", price: "49500.5", volume: "0.1" });
      await placed({ userId: alice, side: "buy", price: "48000", volume: "0.1" });
      await placed({ userId: bob, side: "sell", price: "51000", volume: "0.1" });
      await placed({ userId: bob, side: "sell", price: "50500.25", volume: "0.1" });
      await placed({ userId: bob, side: "sell", price: "52000", volume: "0.1" });
      const tickers = await readExchangeTickers(db.client);
      expect(tickers.btcusd).toMatchObject({ buy: "49500.50", sell: "50500.25" });
      expect(tickers.ethusd).toMatchObject({ buy: null, sell: null });

      // The best ask filled (done) and the best bid cancelled: the next levels are the best.
      await placed({ userId: alice, side: "buy", price: "50500.25", volume: "0.1" });
      const cancelled = await cancelOrder(db.client, "btcusd", alice, bestBid);
      expect(cancelled.ok).toBe(true);
      const after = await readExchangeTickers(db.client);
      expect(after.btcusd).toMatchObject({ buy: "49000.00", sell: "51000.00", last: "50500.25" });
    });
  });
});
