// Sign-in and sign-up behind the throttle (lib/auth/auth-throttle.ts): every attempt that would run
// argon2 is admitted for its address, its (email, address) pair and its email first; failures count
// against the pair and the email, a success clears the pair; a full hashing queue answers "busy".
import "server-only";
import { authThrottle, throttledMessage, type AuthThrottle } from "@/lib/auth/auth-throttle";
import { PasswordHashingBusyError } from "@/lib/auth/password";
import { registerUser } from "@/lib/auth/register-user";
import type { SessionUser } from "@/lib/auth/session-user";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import type { SignInInput, SignUpInput } from "@/lib/schemas/auth";

/** Why an attempt did not produce a user. */
export type AuthRefusal =
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "busy" };

/** A signed-in (or newly registered) user, or why not. */
export type AuthAttempt = { ok: true; user: SessionUser } | AuthRefusal;

const BUSY: AuthRefusal = { ok: false, reason: "busy" };
const HASHING_BUSY = Symbol("hashing busy");

/** `work()`, or HASHING_BUSY when the password hashing queue refused it. */
async function unlessBusy<T>(work: () => Promise<T>): Promise<T | typeof HASHING_BUSY> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PasswordHashingBusyError) return HASHING_BUSY;
    throw error;
  }
}

/** Where an attempt comes from: the client address, and whether it carries the email's device cookie. */
export type AttemptClient = { address: string; knownDevice: boolean };

/** Checks `input`'s credentials for `client`; "invalid" covers unknown emails and wrong passwords alike. */
export async function attemptSignIn(input: SignInInput, client: AttemptClient, throttle: AuthThrottle = authThrottle()): Promise<AuthAttempt> {
  const source = { ...client, email: input.email };
  const verdict = await throttle.admit(source, "sign-in");
  if (!verdict.ok) return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await unlessBusy(() => verifyCredentials(input));
  if (user === HASHING_BUSY) return BUSY;
  if (user === null) {
    await throttle.recordFailure(source);
    return { ok: false, reason: "invalid" };
  }
  await throttle.recordSuccess(source);
  return { ok: true, user };
}

/** Registers `input` for `client`; "invalid" when the account cannot be created (email taken). */
export async function attemptSignUp(input: SignUpInput, client: AttemptClient, throttle: AuthThrottle = authThrottle()): Promise<AuthAttempt> {
  const source = { ...client, email: input.email };
  const verdict = await throttle.admit(source, "sign-up");
  if (!verdict.ok) return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  const result = await unlessBusy(() => registerUser(input));
  if (result === HASHING_BUSY) return BUSY;
  if (!result.ok) {
    await throttle.recordFailure(source);
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, user: result.user };
}

/** Shown when the hashing queue is full. */
export const BUSY_MESSAGE = "The server is busy, try again in a few seconds.";

/** The form message for a refused attempt; `invalid` is the caller's own wording for bad credentials. */
export function refusalMessage(refusal: AuthRefusal, invalid: string): string {
  if (refusal.reason === "throttled") return throttledMessage(refusal.retryAfterSeconds);
  return refusal.reason === "busy" ? BUSY_MESSAGE : invalid;
}
