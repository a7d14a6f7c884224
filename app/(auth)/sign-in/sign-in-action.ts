"use server";
// Sign-in form action: validates with zod, checks the password (throttled per address, per email and
// address, and per email; lib/auth/auth-throttle.ts), remembers the device, starts the session, names
// the page to return to.
import { headers } from "next/headers";
import { z } from "zod";
import { clientIp } from "@/lib/auth/client-ip";
import { isKnownDevice, rememberDevice } from "@/lib/auth/device-cookie";
import { startSession } from "@/lib/auth/session-cookie";
import { attemptSignIn, refusalMessage } from "@/lib/auth/throttled-auth";
import { callbackPathSchema, signInSchema, type AuthFormState, type SignInInput } from "@/lib/schemas/auth";

/** State of the sign-in form between submissions. */
export type SignInState = AuthFormState<SignInInput>;

/** Signs in with email and password; returns field errors, a generic failure or a "try again in N s" message. */
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const raw = { email: formData.get("email"), password: formData.get("password") };
  const values = { email: typeof raw.email === "string" ? raw.email : "" };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, values };
  const client = { address: clientIp(await headers()), knownDevice: await isKnownDevice(parsed.data.email) };
  const attempt = await attemptSignIn(parsed.data, client);
  // One message for an unknown email and a wrong password: no account enumeration.
  if (!attempt.ok) return { message: refusalMessage(attempt, "Email or password is incorrect."), values };
  await rememberDevice(attempt.user.email);
  await startSession(attempt.user);
  return { redirectTo: callbackPathSchema.parse(formData.get("callbackUrl")) };
}
