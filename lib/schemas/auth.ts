// zod schemas for accounts and Pusher authorization, shared by forms, actions and route handlers.
import { z } from "zod";

/** Longest channel name Pusher accepts. */
export const MAX_CHANNEL_NAME_LENGTH = 200;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }).max(254, { error: "That email is too long." }));

// Passwords are never trimmed: spaces are characters like any other.
const password = z
  .string()
  .min(1, { error: "Enter your password." })
  .max(256, { error: "Passwords are at most 256 characters." });

/** Sign-in form / credentials provider input. */
export const signInSchema = z.object({
  email,
  password,
});
/** Parsed sign-in input. */
export type SignInInput = z.infer<typeof signInSchema>;

/** Sign-up form input: the password is confirmed and at least 8 characters. */
export const signUpSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, { error: "Enter your name." })
      .max(60, { error: "Names are at most 60 characters." }),
    email,
    password: z
      .string()
      .min(8, { error: "Use at least 8 characters." })
      .max(256, { error: "Passwords are at most 256 characters." }),
    confirmPassword: z.string(),
  })
  .refine((input) => input.password === input.confirmPassword, {
    error: "The passwords do not match.",
    path: ["confirmPassword"],
  });
/** Parsed sign-up input. */
export type SignUpInput = z.infer<typeof signUpSchema>;

/** A socket id ("123.456") as the Channels server issues it and the pusher SDK accepts it (`socket_id`). */
export const socketIdSchema = z.string().regex(/^\d+\.\d+$/, { error: "Invalid socket_id." }).max(64);

/** A channel name in Pusher's charset (no `#`: server-to-user channels are never authorized here). */
export const channelNameSchema = z
  .string()
  .min(1)
  .max(MAX_CHANNEL_NAME_LENGTH)
  .regex(/^[A-Za-z0-9_\-=@,.;]+$/, { error: "Invalid channel name." });

/** pusher-js channel authorization request (form-encoded `socket_id`, `channel_name`). */
export const channelAuthRequestSchema = z.object({
  socket_id: socketIdSchema,
  channel_name: channelNameSchema,
});
/** Parsed channel authorization request. */
export type ChannelAuthRequest = z.infer<typeof channelAuthRequestSchema>;

/** pusher-js user authentication request for `pusher:signin` (form-encoded `socket_id`). */
export const userAuthRequestSchema = z.object({
  socket_id: socketIdSchema,
});
/** Parsed user authentication request. */
export type UserAuthRequest = z.infer<typeof userAuthRequestSchema>;

/** Field errors a form action returns to `useActionState`. */
export type FieldErrors<T> = Partial<Record<keyof T, string[]>>;

/** State of the sign-in and sign-up forms. */
export type AuthFormState<T> = {
  errors?: FieldErrors<T>;
  message?: string;
  values?: Partial<Record<keyof T, string>>;
  /** Set on success: the form then loads this path afresh (new socket for the new identity). */
  redirectTo?: string;
};

/** A same-site path to return to after signing in (`/markets/btcusd`); anything else becomes `/`. */
export const callbackPathSchema = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[^\s]*$/)
  .catch("/");
