"use client";
// Who is watching the market now: count and names from `presence-market`, live. When the channel is at
// its member cap the widget stays and says the list is full (the page works as before otherwise).
import { MARKET_PRESENCE_CHANNEL } from "@/lib/auth/channel-names";
import { usePresenceMembers } from "./use-presence-members";
import styles from "./account.module.css";

/** The presence list of the market page (signed-in viewers only: presence needs a session). */
export function PresenceWidget() {
  const { members, myId, status } = usePresenceMembers(MARKET_PRESENCE_CHANNEL);
  if (status === "refused") return null;
  const label = status === "joining" ? "Watching: …" : status === "full" ? "Watching: many (list full)" : `Watching: ${members.length}`;
  return (
    <section className={styles.presence} aria-label="Who is watching" data-testid="presence">
      <span
        className={styles.presenceCount}
        data-testid="presence-count"
        data-state={status}
        data-count={status === "joined" ? members.length : undefined}
      >
        {label}
      </span>
      <ul className={styles.presenceList}>
        {members.map((member) => (
          <li key={member.id} data-testid="presence-member">
            {member.name}
            {member.id === myId ? <span className={styles.you}> (you)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
