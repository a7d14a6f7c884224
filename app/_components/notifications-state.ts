// Pure state of the header's notifications panel: live events on top of the DB list, deduplicated by id.
import { NOTIFICATION_LIST_LIMIT, type NotificationDto, type NotificationList } from "@/lib/schemas/notifications";

/** What the panel shows. */
export type NotificationsState = NotificationList;

/** Everything that changes the panel. */
export type NotificationsAction =
  | { type: "received"; notification: NotificationDto }
  | { type: "reloaded"; list: NotificationList }
  | { type: "marked-read"; ids: readonly number[] | "all"; readAt: string; unreadCount?: number };

/** Applies one action; a notification already listed (live event after a re-read) is not counted twice. */
export function notificationsReducer(state: NotificationsState, action: NotificationsAction): NotificationsState {
  switch (action.type) {
    case "received": {
      if (state.notifications.some((item) => item.id === action.notification.id)) return state;
      const notifications = [action.notification, ...state.notifications]
        .sort((a, b) => b.id - a.id)
        .slice(0, NOTIFICATION_LIST_LIMIT);
      const unreadCount = state.unreadCount + (action.notification.readAt === null ? 1 : 0);
      return { notifications, unreadCount };
    }
    case "reloaded":
      return action.list;
    case "marked-read": {
      const marks = (item: NotificationDto) => action.ids === "all" || action.ids.includes(item.id);
      const notifications = state.notifications.map((item) =>
        item.readAt === null && marks(item) ? { ...item, readAt: action.readAt } : item,
      );
      const locallyMarked = state.notifications.filter((item) => item.readAt === null && marks(item)).length;
      return { notifications, unreadCount: action.unreadCount ?? Math.max(0, state.unreadCount - locallyMarked) };
    }
  }
}
