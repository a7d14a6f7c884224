// GET /sign-in - the sign-in page; signed-in visitors get a link onward.
import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { callbackPathSchema } from "@/lib/schemas/auth";
import { SignInForm } from "./sign-in-form";
import styles from "../_components/auth.module.css";

export const metadata: Metadata = { title: "Sign in" };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Sign-in page. */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  const callbackUrl = callbackPathSchema.parse((await searchParams).callbackUrl);
  const user = await getSessionUser();
  return (
    <div className={styles.page}>
      <section className={`panel ${styles.card}`}>
        <h1>Sign in</h1>
        {user ? (
          <p>
            You are signed in as {user.name}. <Link href={callbackUrl}>Continue</Link>
          </p>
        ) : (
          <SignInForm callbackUrl={callbackUrl} />
        )}
      </section>
    </div>
  );
}
