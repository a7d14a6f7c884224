"use client";
// The sign-up form: posts to signUpAction and shows its field errors (useActionState).
import Link from "next/link";
import { useActionState } from "react";
import { signUpAction, type SignUpState } from "./sign-up-action";
import { FormField } from "../_components/form-field";
import styles from "../_components/auth.module.css";

const initialState: SignUpState = {};

/** Name, email and password (twice); `callbackUrl` is where the new account lands. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(async (previous: SignUpState, formData: FormData) => {
    const next = await signUpAction(previous, formData);
    // A full page load, not a client transition: the realtime client reconnects as the new user.
    if (next.redirectTo) window.location.assign(next.redirectTo);
    return next;
  }, initialState);
  return (
    <form action={formAction} className={styles.form} noValidate aria-label="Sign up">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField name="name" label="Name" autoComplete="name" defaultValue={state.values?.name} errors={state.errors?.name} />
      <FormField name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.errors?.email} />
      <FormField name="password" label="Password" type="password" autoComplete="new-password" errors={state.errors?.password} />
      <FormField
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        errors={state.errors?.confirmPassword}
      />
      {state.message ? (
        <p className={styles.message} role="alert">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className={`submit ${styles.submit}`} disabled={pending || state.redirectTo !== undefined}>
        {pending ? "Creating account…" : "Create account"}
      </button>
      <p className={styles.alt}>
        Have an account? <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </form>
  );
}
