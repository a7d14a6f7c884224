// GET /sign-up - the sign-up page; signed-in visitors go straight back to where they came from.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { callbackPathSchema } from "@/lib/schemas/auth";
import { SignUpForm } from "./sign-up-form";
import styles from "../_components/auth.module.css";

export const metadata: Metadata = { title: "Sign up" };

type SignUpPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Sign-up page. */
export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const callbackUrl = callbackPathSchema.parse((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main className={styles.page}>
      <section className={styles.card}>
        <h1>Create an account</h1>
        <SignUpForm callbackUrl={callbackUrl} />
      </section>
    </main>
  );
}
