"use server";
// Sign-up form action: validates with zod, creates the account (argon2id, fresh sn), signs the user in, names the page to return to.
import { z } from "zod";
import { registerUser } from "@/lib/auth/register-user";
import { startSession } from "@/lib/auth/session-cookie";
import { callbackPathSchema, signUpSchema, type AuthFormState, type SignUpInput } from "@/lib/schemas/auth";

/** State of the sign-up form between submissions. */
export type SignUpState = AuthFormState<SignUpInput>;

/** Creates an account and signs it in; returns field errors when the input or email is not acceptable. */
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
  const result = await registerUser(parsed.data);
  if (!result.ok) return { errors: { email: ["An account with this email already exists."] }, values };
  await startSession(result.user);
  return { redirectTo: callbackPathSchema.parse(formData.get("callbackUrl")) };
}
