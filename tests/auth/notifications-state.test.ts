// The notifications panel state: live events deduplicated against re-reads, unread counts, mark-read.
import { describe, expect, it } from "vitest";
import { notificationsReducer, type NotificationsState } from "@/app/_components/notifications-state";
import { NOTIFICATION_LIST_LIMIT as PANEL_LIMIT, type NotificationDto } from "@/lib/schemas/notifications";

function notification(id: number, readAt: string | null = null): NotificationDto {
  return { id, kind: "trade", title: `t${id}`, body: `b${id}`, tradeId: id, readAt, createdAt: new Date(id * 1000).toISOString() };
}

const empty: NotificationsState = { notifications: [], unreadCount: 0 };

describe("notificationsReducer", () => {
  it("prepends a live notification and counts it unread once", () => {
    const once = notificationsReducer(empty, { type: "received", notification: notification(1) });
    const twice = notificationsReducer(once, { type: "received", notification: notification(1) });
    expect(twice).toEqual({ notifications: [notification(1)], unreadCount: 1 });
    const next = notificationsReducer(twice, { type: "received", notification: notification(2) });
    expect(next.notifications.map((n) => n.id)).toEqual([2, 1]);
    expect(next.unreadCount).toBe(2);
  });

  it("keeps newest first when events arrive out of order, and at most PANEL_LIMIT", () => {
    let state = empty;
    for (const id of [3, 1, 2]) state = notificationsReducer(state, { type: "received", notification: notification(id) });
    expect(state.notifications.map((n) => n.id)).toEqual([3, 2, 1]);
    for (let id = 4; id < 4 + PANEL_LIMIT; id += 1) state = notificationsReducer(state, { type: "received", notification: notification(id) });
    expect(state.notifications).toHaveLength(PANEL_LIMIT);
    expect(state.notifications[0]?.id).toBe(3 + PANEL_LIMIT);
  });

  it("replaces everything with a re-read from the DB; an event already in it is not counted again", () => {
    const reloaded = notificationsReducer(empty, { type: "reloaded", list: { notifications: [notification(5)], unreadCount: 4 } });
    expect(reloaded.unreadCount).toBe(4);
    expect(notificationsReducer(reloaded, { type: "received", notification: notification(5) })).toBe(reloaded);
  });

  it("marks some or all read", () => {
    let state = empty;
    for (const id of [1, 2, 3]) state = notificationsReducer(state, { type: "received", notification: notification(id) });
    const readAt = "2026-01-01T00:00:00.000Z";
    state = notificationsReducer(state, { type: "marked-read", ids: [2], readAt });
    expect(state.unreadCount).toBe(2);
    expect(state.notifications.find((n) => n.id === 2)?.readAt).toBe(readAt);
    state = notificationsReducer(state, { type: "marked-read", ids: "all", readAt, unreadCount: 0 });
    expect(state.unreadCount).toBe(0);
    expect(state.notifications.every((n) => n.readAt === readAt)).toBe(true);
  });
});
