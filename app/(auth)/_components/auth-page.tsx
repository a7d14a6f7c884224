// The frame of the sign-in and sign-up pages: a card with the form, or a link onward when signed in.
import "server-only";
import Link from "next/link";
import type { ReactNode } from "react";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { callbackPathSchema } from "@/lib/schemas/auth";
import styles from "./auth.module.css";

/** The search params Next hands an account page. */
export type AuthPageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Renders `form(callbackUrl)` under `title`, or "You are signed in as …" with a link to the callback. */
export async function AuthPage({ title, searchParams, form }: { title: string; searchParams: AuthPageSearchParams; form: (callbackUrl: string) => ReactNode }) {
  const callbackUrl = callbackPathSchema.parse((await searchParams).callbackUrl);
  const user = await getSessionUser();
  return (
    <div className={styles.page}>
      <section className={`panel ${styles.card}`}>
        <h1>{title}</h1>
        {user ? (
          <p>
            You are signed in as {user.name}. <Link href={callbackUrl}>Continue</Link>
          </p>
        ) : (
          form(callbackUrl)
        )}
      </section>
    </div>
  );
}
