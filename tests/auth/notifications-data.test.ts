// Notification data functions on a real SQLite file: create in a transaction, list newest first, mark read per owner.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-notifications-"));
process.env.DATABASE_URL = `file:${path.join(dir, "notifications.db")}`;

// Imported after DATABASE_URL is set: the shared `db` client opens that file.
const { db } = await import("@/lib/db");
const { createTradeNotification } = await import("@/lib/notifications/create-trade-notification");
const { listNotifications, countUnreadNotifications } = await import("@/lib/notifications/list-notifications");
const { markNotificationsRead, markReadAndCount } = await import("@/lib/notifications/mark-notifications-read");
const { createDbClient } = await import("@/lib/db");

let aliceId = "";
let bobId = "";

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL ?? "");
  await db.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" } });
  const alice = await db.user.create({ data: { email: "a@x.test", name: "A", passwordHash: "h", sn: "a".repeat(32) } });
  const bob = await db.user.create({ data: { email: "b@x.test", name: "B", passwordHash: "h", sn: "b".repeat(32) } });
  aliceId = alice.id;
  bobId = bob.id;
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function recordTrade(userId: string, price: string) {
  return db.$transaction(async (tx) => {
    const trade = await tx.trade.create({ data: { marketId: "btcusd", side: "buy", price, amount: "0.5", userId } });
    const notification = await createTradeNotification(tx, userId, {
      id: trade.id,
      marketId: trade.marketId,
      side: trade.side,
      price: trade.price.toString(),
      amount: trade.amount.toString(),
      createdAt: trade.createdAt.toISOString(),
    }, { name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" });
    return { trade, notification };
  });
}

describe("notifications", () => {
  it("stores a readable notice per trade and lists only the owner's, newest first", async () => {
    const first = await recordTrade(aliceId, "64000.5");
    const second = await recordTrade(aliceId, "64100");
    await recordTrade(bobId, "1");

    expect(first.notification).toMatchObject({
      kind: "trade",
      title: "Trade confirmed · BTC/USD",
      body: "Bought 0.5 BTC at 64,000.50 USD",
      tradeId: first.trade.id,
      readAt: null,
    });
    const list = await listNotifications(aliceId);
    expect(list.unreadCount).toBe(2);
    expect(list.notifications.map((n) => n.id)).toEqual([second.notification.id, first.notification.id]);
    expect(JSON.parse(JSON.stringify(list))).toEqual(list); // plain DTOs: serialisable as they are
  });

  it("marks only the owner's notifications read", async () => {
    const bobs = await listNotifications(bobId);
    const alices = await listNotifications(aliceId);
    const bobNotificationId = bobs.notifications[0]?.id ?? 0;
    // Alice cannot mark Bob's notification read by naming its id.
    expect(await markNotificationsRead(aliceId, [bobNotificationId])).toBe(0);
    expect(await countUnreadNotifications(bobId)).toBe(1);

    expect(await markNotificationsRead(aliceId, [alices.notifications[0]?.id ?? 0])).toBe(1);
    expect(await countUnreadNotifications(aliceId)).toBe(1);
    expect(await markNotificationsRead(aliceId)).toBe(1);
    expect(await markNotificationsRead(aliceId)).toBe(0);
    const after = await listNotifications(aliceId);
    expect(after.unreadCount).toBe(0);
    expect(after.notifications.every((n) => n.readAt !== null)).toBe(true);
    expect(await countUnreadNotifications(bobId)).toBe(1);
  });

  it("markReadAndCount: the new unread count, or a typed error (not a throw) when the database fails", async () => {
    await recordTrade(bobId, "2");
    expect(await markReadAndCount(bobId)).toEqual({ ok: true, unreadCount: 0 });

    // A second database whose Notification table is gone: every query on it fails for real.
    const brokenUrl = `file:${path.join(dir, "broken.db")}`;
    await applyMigrations(brokenUrl);
    const broken = createDbClient(brokenUrl);
    try {
      await broken.$executeRawUnsafe('DROP TABLE "Notification"');
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      try {
        expect(await markReadAndCount(aliceId, undefined, broken)).toEqual({ ok: false, message: "Could not mark notifications read. Please try again." });
      } finally {
        console.error = original;
      }
      expect(errors).toHaveLength(1);
    } finally {
      await broken.$disconnect();
    }
  });
});
