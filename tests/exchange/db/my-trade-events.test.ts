// The re-read a page makes after a reconnect to catch up on missed private `trade` events
// (listMyTradeEvents, GET /api/trades/mine), on a real SQLite file and a real PostgreSQL: each member's fills with the
// notification stored for them, oldest first, the side their own (the maker sold what the taker
// bought), nobody else's, and at most the newest `limit`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeOrder } from "@/lib/exchange/place-order";
import { listMyTradeEvents } from "@/lib/notifications/list-trade-events";
import { createExchangeDb, createMember, TEST_DATABASES, type ExchangeDb } from "@/tests/exchange/support/exchange-db";
import { postgresForFile } from "@/tests/support/postgres";

const postgres = postgresForFile();

describe.each(TEST_DATABASES)("on %s", (provider) => {
  let exchange: ExchangeDb;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    exchange = await createExchangeDb("my-trade-events", "50000", provider === "postgresql" ? postgres : undefined);
    alice = await createMember(exchange.client, "alice", { usd: "100000", btc: "2" });
    bob = await createMember(exchange.client, "bob", { usd: "100000", btc: "2" });
    carol = await createMember(exchange.client, "carol", { usd: "100000", btc: "2" });
  });

  afterAll(async () => {
    await exchange?.close();
  });

  async function place(userId: string, side: "buy" | "sell", price: string, volume: string) {
    const result = await placeOrder(exchange.client, { marketId: "btcusd", userId, side, kind: "limit", price, volume });
    if (!result.ok) throw new Error(result.error.message);
    return result;
  }

  describe("listMyTradeEvents", () => {
    it("gives each member their own fills with their notifications, oldest first, on their own side", async () => {
      await place(alice, "sell", "50100.00", "0.3000");
      const first = await place(bob, "buy", "50100.00", "0.1000");
      const second = await place(bob, "buy", "50100.00", "0.2000");
      const [firstFill] = first.fills;
      const [secondFill] = second.fills;

      const alices = await listMyTradeEvents(alice, { client: exchange.client });
      expect(alices.map((event) => event.trade)).toEqual([
        { id: firstFill?.id, marketId: "btcusd", side: "sell", price: "50100", amount: "0.1", createdAt: firstFill?.createdAt },
        { id: secondFill?.id, marketId: "btcusd", side: "sell", price: "50100", amount: "0.2", createdAt: secondFill?.createdAt },
      ]);
      expect(alices.map((event) => event.notification.body)).toEqual(["Sold 0.1 BTC at 50,100.00 USD", "Sold 0.2 BTC at 50,100.00 USD"]);
      expect(alices.every((event) => event.notification.tradeId === event.trade.id && event.notification.readAt === null)).toBe(true);

      const bobs = await listMyTradeEvents(bob, { client: exchange.client });
      expect(bobs.map((event) => [event.trade.id, event.trade.side])).toEqual([
        [firstFill?.id, "buy"],
        [secondFill?.id, "buy"],
      ]);
      expect(await listMyTradeEvents(carol, { client: exchange.client })).toEqual([]);
    });

    it("keeps the newest `limit`", async () => {
      const latest = await listMyTradeEvents(alice, { client: exchange.client, limit: 1 });
      const all = await listMyTradeEvents(alice, { client: exchange.client });
      expect(latest).toEqual(all.slice(-1));
    });
  });
});
