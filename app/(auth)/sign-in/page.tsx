// GET /sign-in - the sign-in page; signed-in visitors get a link onward.
import type { Metadata } from "next";
import { DemoAccountsHint } from "@/app/_components/demo-accounts-hint";
import { AuthPage, type AuthPageSearchParams } from "../_components/auth-page";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Sign-in page, with the demo accounts named under the form when they exist (or outside production). */
export default function SignInPage({ searchParams }: { searchParams: AuthPageSearchParams }) {
  return (
    <AuthPage
      title="Sign in"
      searchParams={searchParams}
      form={(callbackUrl) => (
        <>
          <SignInForm callbackUrl={callbackUrl} />
          <DemoAccountsHint />
        </>
      )}
    />
  );
}
