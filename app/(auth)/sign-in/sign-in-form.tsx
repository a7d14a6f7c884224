"use client";
// The sign-in form: posts to signInAction and shows its field errors (useActionState).
import Link from "next/link";
import { useActionState } from "react";
import { signInAction, type SignInState } from "./sign-in-action";
import { FormField } from "../_components/form-field";
import styles from "../_components/auth.module.css";

const initialState: SignInState = {};

/** Email + password form; `callbackUrl` is where a successful sign-in returns to. */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(async (previous: SignInState, formData: FormData) => {
    const next = await signInAction(previous, formData);
    // A full page load, not a client transition: the realtime client reconnects as the new user.
    if (next.redirectTo) window.location.assign(next.redirectTo);
    return next;
  }, initialState);
  return (
    <form action={formAction} className={styles.form} noValidate aria-label="Sign in">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.errors?.email} />
      <FormField name="password" label="Password" type="password" autoComplete="current-password" errors={state.errors?.password} />
      {state.message ? (
        <p className={styles.message} role="alert">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className={`submit ${styles.submit}`} disabled={pending || state.redirectTo !== undefined}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className={styles.alt}>
        No account? <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link>
      </p>
    </form>
  );
}
