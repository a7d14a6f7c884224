// GET /sign-up - the sign-up page; signed-in visitors get a link onward.
import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { callbackPathSchema } from "@/lib/schemas/auth";
import { SignUpForm } from "./sign-up-form";
import styles from "../_components/auth.module.css";

export const metadata: Metadata = { title: "Sign up" };

type SignUpPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Sign-up page. */
export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const callbackUrl = callbackPathSchema.parse((await searchParams).callbackUrl);
  const user = await getSessionUser();
  return (
    <div className={styles.page}>
      <section className={`panel ${styles.card}`}>
        <h1>Create an account</h1>
        {user ? (
          <p>
            You are signed in as {user.name}. <Link href={callbackUrl}>Continue</Link>
          </p>
        ) : (
          <SignUpForm callbackUrl={callbackUrl} />
        )}
      </section>
    </div>
  );
}
