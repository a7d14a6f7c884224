"use client";
// The sign-in form: email and password, posted to signInAction.
import Link from "next/link";
import { Field } from "@/app/_components/field";
import { signInAction, type SignInState } from "./sign-in-action";
import { ACCOUNT_INPUT, AuthForm } from "../_components/auth-form";

/** Email + password form; `callbackUrl` is where a successful sign-in returns to. */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  return (
    <AuthForm<SignInState>
      label="Sign in"
      action={signInAction}
      callbackUrl={callbackUrl}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      alternative={
        <>
          No account? <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link>
        </>
      }
    >
      {(state) => (
        <>
          <Field {...ACCOUNT_INPUT} id="email" name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.errors?.email} />
          <Field {...ACCOUNT_INPUT} id="password" name="password" label="Password" type="password" autoComplete="current-password" errors={state.errors?.password} />
        </>
      )}
    </AuthForm>
  );
}
