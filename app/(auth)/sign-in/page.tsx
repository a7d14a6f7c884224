// GET /sign-in - the sign-in page; signed-in visitors go straight back to where they came from.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { callbackPathSchema } from "@/lib/schemas/auth";
import { SignInForm } from "./sign-in-form";
import styles from "../_components/auth.module.css";

export const metadata: Metadata = { title: "Sign in" };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Sign-in page. */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  const callbackUrl = callbackPathSchema.parse((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main className={styles.page}>
      <section className={styles.card}>
        <h1>Sign in</h1>
        <SignInForm callbackUrl={callbackUrl} />
      </section>
    </main>
  );
}
