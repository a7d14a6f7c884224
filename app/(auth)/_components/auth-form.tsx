"use client";
// The frame of the sign-in and sign-up forms: posts to the form's action (useActionState), shows its
// message, and on success loads the returned page afresh.
import { useActionState, type ReactNode } from "react";
import type { AuthFormState } from "@/lib/schemas/auth";
import styles from "./auth.module.css";

/** Input props every account field shares: required, and no longer than the schemas allow. */
export const ACCOUNT_INPUT = { required: true, maxLength: 256 } as const;

type AuthFormProps<State extends AuthFormState<object>> = {
  /** The form's accessible name ("Sign in" / "Sign up"). */
  label: string;
  action: (previous: State, formData: FormData) => Promise<State>;
  /** Where a successful submission returns to. */
  callbackUrl: string;
  submitLabel: string;
  pendingLabel: string;
  /** The line under the button (a link to the other form). */
  alternative: ReactNode;
  /** The fields, rendered from the latest state (kept values, field errors). */
  children: (state: State) => ReactNode;
};

/** A sign-in or sign-up form around `children`'s fields. */
export function AuthForm<State extends AuthFormState<object>>({
  label,
  action,
  callbackUrl,
  submitLabel,
  pendingLabel,
  alternative,
  children,
}: AuthFormProps<State>) {
  const [state, formAction, pending] = useActionState(async (previous: Awaited<State>, formData: FormData) => {
    const next = await action(previous, formData);
    // A full page load, not a client transition: the realtime client reconnects as the new user.
    if (next.redirectTo) window.location.assign(next.redirectTo);
    return next;
  }, {} as Awaited<State>);
  return (
    <form action={formAction} className={styles.form} noValidate aria-label={label}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {children(state)}
      {state.message ? (
        <p className={styles.message} role="alert">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className={`submit ${styles.submit}`} disabled={pending || state.redirectTo !== undefined}>
        {pending ? pendingLabel : submitLabel}
      </button>
      <p className={styles.alt}>{alternative}</p>
    </form>
  );
}
