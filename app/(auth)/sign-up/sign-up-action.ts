"use server";
// Sign-up form action: validates with zod, creates the account (argon2id, fresh sn; throttled per
// address, sign-ups per address, and per email; lib/auth/auth-throttle.ts), signs the user in, names the
// page to return to.
import { headers } from "next/headers";
import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { isKnownDevice, rememberDevice } from "@/lib/auth/device-cookie";
import { startSession } from "@/lib/auth/session-cookie";
import { attemptSignUp, refusalMessage } from "@/lib/auth/throttled-auth";
import { callbackPathSchema, signUpSchema, type AuthFormState, type SignUpInput } from "@/lib/schemas/auth";

/** State of the sign-up form between submissions. */
export type SignUpState = AuthFormState<SignUpInput>;

/**
 * A taken email gets the same neutral message as any other refusal, pointing to sign-in. (Without an
 * email-confirmation step a sign-up can never hide entirely that an address is registered, since the
 * account either appears or does not; the throttle bounds how fast anyone can probe.)
 */
const NOT_CREATED = "Could not create an account with these details. If you already have one, sign in.";

/** Creates an account and signs it in; returns field errors or a form message otherwise. */
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const raw = {
    name: formData.get("name"),
    email: formData.get("email"),
    password: formData.get("password"),
    confirmPassword: formData.get("confirmPassword"),
  };
  const values = {
    name: typeof raw.name === "string" ? raw.name : "",
    email: typeof raw.email === "string" ? raw.email : "",
  };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, values };
  const client = { address: clientIp(await headers()), knownDevice: await isKnownDevice(parsed.data.email) };
  const attempt = await attemptSignUp(parsed.data, client);
  if (!attempt.ok) return { message: refusalMessage(attempt, NOT_CREATED), values };
  await rememberDevice(attempt.user.email);
  await startSession(attempt.user);
  return { redirectTo: callbackPathSchema.parse(formData.get("callbackUrl")) };
}
