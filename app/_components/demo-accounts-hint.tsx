// A small note on the sign-in page naming the demo accounts and their password, shown in development and
// test, or when the demo users exist in this database (as after `npm start`'s seed).
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/seed/seed-users";
import styles from "./account.module.css";

/** The demo emails to mention: those in the database, or all of them outside production. */
async function demoEmailsToShow(): Promise<string[]> {
  const emails = DEMO_USERS.map((user) => user.email);
  if (env.NODE_ENV !== "production") return emails;
  try {
    const found = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
    const present = new Set(found.map((user) => user.email));
    return emails.filter((email) => present.has(email));
  } catch (error) {
    console.error("[demo-accounts-hint] demo users not checked:", error);
    return [];
  }
}

/** Server component: "Demo accounts: alice@example.com or bob@example.com, password …", or nothing. */
export async function DemoAccountsHint() {
  const emails = await demoEmailsToShow();
  if (emails.length === 0) return null;
  return (
    <p className={styles.demoHint} data-testid="demo-accounts-hint">
      Demo accounts:{" "}
      {emails.map((email, index) => (
        <span key={email}>
          {index > 0 ? " or " : null}
          <code>{email}</code>
        </span>
      ))}
      , password <code>{DEMO_PASSWORD}</code>
    </p>
  );
}
