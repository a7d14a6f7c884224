"use server";
// Sign-in form action: validates with zod, checks the password, starts the session, names the page to return to.
import { z } from "zod";
import { startSession } from "@/lib/auth/session-cookie";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { callbackPathSchema, signInSchema, type AuthFormState, type SignInInput } from "@/lib/schemas/auth";

/** State of the sign-in form between submissions. */
export type SignInState = AuthFormState<SignInInput>;

/** Signs in with email and password; returns field errors or a generic failure message. */
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const raw = { email: formData.get("email"), password: formData.get("password") };
  const values = { email: typeof raw.email === "string" ? raw.email : "" };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, values };
  const user = await verifyCredentials(parsed.data);
  // One message for an unknown email and a wrong password: no account enumeration.
  if (!user) return { message: "Email or password is incorrect.", values };
  await startSession(user);
  return { redirectTo: callbackPathSchema.parse(formData.get("callbackUrl")) };
}
