"use client";
// The signed-in user's name and a sign-out button (a full page load afterwards resets the realtime identity).
import { useTransition } from "react";
import { signOutAction } from "./notification-actions";
import styles from "./account.module.css";

/** Name of the signed-in user and the sign-out button. */
export function UserMenu({ name }: { name: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <div className={styles.user}>
      <span className={styles.userName} data-testid="signed-in-as">
        {name}
      </span>
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await signOutAction();
            // A fresh page: new socket, no presence membership or private channel of the old session.
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load is the point
            window.location.assign("/");
          })
        }
      >
        Sign out
      </button>
    </div>
  );
}
