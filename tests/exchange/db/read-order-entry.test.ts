// The market page's first order-entry state (readOrderEntry) on a real SQLite file and a real PostgreSQL: a visitor gets the
// market's rules only, a member also their balances, open orders and finished history of that market
// (newest first, within the limits), and a market that does not trade gives neither.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { readOrderEntry } from "@/lib/exchange/read-order-entry";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, orderRequest, placeNewOrder, type ExchangeDb, TEST_DATABASES } from "../support/exchange-db";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let db: ExchangeDb;
  beforeAll(async () => {
    db = await createExchangeDb("read-order-entry", "50000", provider === "postgresql" ? postgres : undefined);
  });
  afterAll(async () => db.close());

  describe("readOrderEntry", () => {
    it("gives a visitor the rules, a member their balances and orders of the market, an unknown market nothing", async () => {
      const alice = await createMember(db.client, "alice", { usd: "100000", btc: "2" });
      const first = await placeNewOrder(db.client, orderRequest(alice, { price: "49000", volume: "0.1" }));
      const second = await placeNewOrder(db.client, orderRequest(alice, { price: "48000", volume: "0.2" }));
      const third = await placeNewOrder(db.client, orderRequest(alice, { price: "47000", volume: "0.3" }));
      await placeNewOrder(db.client, orderRequest(alice, { marketId: "ethusd", price: "3000", volume: "1" }));
      expect((await cancelOrder(db.client, "btcusd", alice, first.order.id)).ok).toBe(true);

      const visitor = await readOrderEntry(db.client, "btcusd", null, { open: 10, history: 10 });
      expect(visitor).toEqual({ rules: expect.objectContaining({ id: "btcusd", base: "btc", quote: "usd", tickSize: "0.01" }), trader: null });

      const member = await readOrderEntry(db.client, "btcusd", alice, { open: 1, history: 10 });
      expect(member.rules).toEqual(visitor.rules);
      // 49000 x 0.1 cancelled; 48000 x 0.2 + 47000 x 0.3 + 3000 x 1 (ethusd) locked: 26,700 USD.
      expect(member.trader?.accounts).toEqual([
        { currency: "usd", balance: "73300.00000000", locked: "26700.00000000" },
        { currency: "btc", balance: "2.00000000", locked: "0.00000000" },
        { currency: "eth", balance: "0.00000000", locked: "0.00000000" },
      ]);
      expect(member.trader?.open.map((order) => order.id)).toEqual([third.order.id]);
      expect(member.trader?.history.map((order) => [order.id, order.state])).toEqual([[first.order.id, "cancel"]]);
      expect((await readOrderEntry(db.client, "btcusd", alice, { open: 10, history: 10 })).trader?.open.map((order) => order.id)).toEqual([third.order.id, second.order.id]);

      expect(await readOrderEntry(db.client, "nosuch", alice, { open: 10, history: 10 })).toEqual({ rules: null, trader: null });
      expect(await readOrderEntry(db.client, "nosuch", null, { open: 10, history: 10 })).toEqual({ rules: null, trader: null });
    });
  });
});
