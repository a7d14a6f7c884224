// Private notification schemas (lib/schemas/notifications.ts): the mark-read input's limits, the event payload and
// list shapes that cross to the browser (the trade event alone and the re-read list of them), and the names of the kind and the event.
import { describe, expect, it } from "vitest";
import {
  markReadSchema,
  notificationListSchema,
  notificationSchema,
  PRIVATE_TRADE_EVENT,
  privateTradeEventSchema,
  privateTradeEventsSchema,
  TRADE_NOTIFICATION_KIND,
} from "@/lib/schemas/notifications";

const notification = { id: 3, kind: "trade", title: "Bought", body: "1 BTC at 100", tradeId: 7, readAt: null, createdAt: "2026-01-02T03:04:05.000Z" };
const trade = { id: 7, marketId: "btcusd", side: "buy", price: "100", amount: "1", createdAt: "2026-01-02T03:04:05.000Z" };

describe("markReadSchema", () => {
  it("takes some ids, up to 200, or none (every unread one)", () => {
    expect(markReadSchema.parse({})).toEqual({});
    expect(markReadSchema.parse({ ids: [1, 2] })).toEqual({ ids: [1, 2] });
    const many = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(markReadSchema.parse({ ids: many })).toEqual({ ids: many });
    expect(markReadSchema.safeParse({ ids: [...many, 201] }).success).toBe(false);
  });

  it.each([[[0]], [[-1]], [[1.5]], [["1"]], ["1"]])("refuses ids %j", (ids) => {
    expect(markReadSchema.safeParse({ ids }).success).toBe(false);
  });
});

describe("notification payloads", () => {
  it("parse to themselves and refuse bad fields", () => {
    expect(notificationSchema.parse(notification)).toEqual(notification);
    expect(notificationSchema.parse({ ...notification, tradeId: null, readAt: "2026-01-02T03:04:06.000Z" })).toMatchObject({ tradeId: null });
    expect(privateTradeEventSchema.parse({ trade, notification })).toEqual({ trade, notification });
    expect(notificationListSchema.parse({ notifications: [notification], unreadCount: 1 })).toEqual({ notifications: [notification], unreadCount: 1 });
    for (const bad of [{ id: 0 }, { tradeId: 0 }, { title: 1 }, { createdAt: null }]) {
      expect(notificationSchema.safeParse({ ...notification, ...bad }).success).toBe(false);
    }
    expect(privateTradeEventSchema.safeParse({ trade: { ...trade, id: -1 }, notification }).success).toBe(false);
    expect(privateTradeEventSchema.safeParse({ trade }).success).toBe(false);
    expect(notificationListSchema.safeParse({ notifications: [], unreadCount: -1 }).success).toBe(false);
    // GET /api/trades/mine (the re-read after a reconnect): the events come through, a bad one refuses the body.
    expect(privateTradeEventsSchema.parse({ events: [{ trade, notification }] })).toEqual({ events: [{ trade, notification }] });
    expect(privateTradeEventsSchema.safeParse({ events: [{ trade }] }).success).toBe(false);
    expect(privateTradeEventsSchema.safeParse({}).success).toBe(false);
  });

  it("name the trade kind and the private event 'trade'", () => {
    expect(TRADE_NOTIFICATION_KIND).toBe("trade");
    expect(PRIVATE_TRADE_EVENT).toBe("trade");
  });
});
