"use client";
// The header's bell: unread count and the notifications list. Starts from the DB list rendered on the
// server, adds live `trade` events from the private channel, and re-reads the DB on every
// (re)subscription, so nothing sent while offline is missed. The panel closes on Escape (focus back on
// the bell), on a click or focus outside it, and on navigation.
import { useEffect, useReducer, useRef, useState, useTransition } from "react";
import { usePathname } from "next/navigation";
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import { notificationListSchema, type NotificationList } from "@/lib/schemas/notifications";
import { useLatestJson } from "./use-latest-json";
import { markNotificationsReadAction } from "./notification-actions";
import { formatNotificationTime, notificationHeading, utcToday } from "./notification-text";
import { notificationsReducer } from "./notifications-state";
import { usePrivateTrades } from "./use-private-trades";
import styles from "./account.module.css";

/** Bell button with the unread badge and a dropdown list; `privateChannel` was injected at render time. */
export function NotificationsMenu({ privateChannel, initialList }: { privateChannel: string; initialList: NotificationList }) {
  const [state, dispatch] = useReducer(notificationsReducer, initialList);
  // Open on the page it was opened on (another pathname closes it); `today` dates the list's times.
  const pathname = usePathname();
  const [openedOn, setOpenedOn] = useState<{ pathname: string; today: string } | null>(null);
  const open = openedOn !== null && openedOn.pathname === pathname;
  const menuRef = useRef<HTMLDivElement>(null);
  const bellRef = useRef<HTMLButtonElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reread = useLatestJson();

  usePrivateTrades(privateChannel, (event) => dispatch({ type: "received", notification: event.notification }));

  useChannelEvent(privateChannel, "pusher:subscription_succeeded", () =>
    reread("/api/notifications", notificationListSchema, (list) => dispatch({ type: "reloaded", list })),
  );

  useEffect(() => {
    if (!open) return;
    const menu = menuRef.current;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setOpenedOn(null);
      bellRef.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && !menu?.contains(event.target)) setOpenedOn(null);
    }
    // Tabbing out of the panel closes it (focus lost to nowhere, e.g. a click on its text, does not).
    function onFocusOut(event: FocusEvent) {
      if (event.relatedTarget instanceof Node && !menu?.contains(event.relatedTarget)) setOpenedOn(null);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    menu?.addEventListener("focusout", onFocusOut);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
      menu?.removeEventListener("focusout", onFocusOut);
    };
  }, [open]);

  function markAllRead() {
    startTransition(async () => {
      const result = await markNotificationsReadAction({});
      if (!result.ok) {
        setFailure(result.message);
        return;
      }
      setFailure(null);
      dispatch({ type: "marked-read", ids: "all", readAt: new Date().toISOString(), unreadCount: result.unreadCount });
    });
  }

  const unread = state.unreadCount;
  return (
    <div className={styles.menu} ref={menuRef}>
      <button
        ref={bellRef}
        type="button"
        className={`button ${styles.bell}`}
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={`Notifications, ${unread} unread`}
        onClick={() => setOpenedOn(open ? null : { pathname, today: utcToday() })}
      >
        <svg className={styles.bellIcon} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm0 18a2.5 2.5 0 0 0 2.4-2h-4.8a2.5 2.5 0 0 0 2.4 2Z"
            fill="currentColor"
          />
        </svg>
        <span className={unread > 0 ? styles.badge : styles.badgeEmpty} data-testid="unread-count" data-count={unread}>
          {unread}
        </span>
      </button>
      {open ? (
        <div id="notifications-panel" className={`panel ${styles.dropdown}`} role="region" aria-label="Notifications">
          <div className={styles.dropdownHead}>
            <h2 className="panel-title">Notifications</h2>
            <button type="button" className={styles.linkButton} onClick={markAllRead} disabled={pending || unread === 0}>
              Mark all read
            </button>
          </div>
          {failure ? (
            <p className={styles.empty} role="alert">
              {failure}
            </p>
          ) : null}
          {state.notifications.length === 0 ? (
            <p className={styles.empty}>No notifications yet.</p>
          ) : (
            <ul className={styles.list} data-testid="notifications-list">
              {state.notifications.map((item) => (
                <li key={item.id} className={item.readAt === null ? styles.unread : undefined} data-testid="notification">
                  <strong>
                    {notificationHeading(item)}
                    {item.readAt === null ? <span className="visually-hidden"> (unread)</span> : null}
                  </strong>
                  <span>{item.body}</span>
                  <time dateTime={item.createdAt}>{formatNotificationTime(item.createdAt, openedOn?.today ?? "")}</time>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
