"use client";
// The sign-up form: name, email and password (twice), posted to signUpAction.
import Link from "next/link";
import { Field } from "@/app/_components/field";
import { signUpAction, type SignUpState } from "./sign-up-action";
import { ACCOUNT_INPUT, AuthForm } from "../_components/auth-form";

/** Name, email and password (twice); `callbackUrl` is where the new account lands. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  return (
    <AuthForm<SignUpState>
      label="Sign up"
      action={signUpAction}
      callbackUrl={callbackUrl}
      submitLabel="Create account"
      pendingLabel="Creating account…"
      alternative={
        <>
          Have an account? <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
        </>
      }
    >
      {(state) => (
        <>
          <Field {...ACCOUNT_INPUT} id="name" name="name" label="Name" autoComplete="name" defaultValue={state.values?.name} errors={state.errors?.name} />
          <Field {...ACCOUNT_INPUT} id="email" name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.errors?.email} />
          <Field {...ACCOUNT_INPUT} id="password" name="password" label="Password" type="password" autoComplete="new-password" errors={state.errors?.password} />
          <Field
            {...ACCOUNT_INPUT}
            id="confirmPassword"
            name="confirmPassword"
            label="Confirm password"
            type="password"
            autoComplete="new-password"
            errors={state.errors?.confirmPassword}
          />
        </>
      )}
    </AuthForm>
  );
}
