// The app's environment, parsed once with zod. Import `env` instead of reading process.env.
import "server-only";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().default("file:./data/dev.db"),

  // Realtime: our Channels server by default, hosted Pusher when PUSHER_CLUSTER or PUSHER_URL is set
  // without PUSHER_HOST. The same names configure the Channels server process.
  PUSHER_APP_ID: optionalString,
  PUSHER_KEY: optionalString,
  PUSHER_SECRET: optionalString,
  PUSHER_CLUSTER: optionalString,
  PUSHER_URL: optionalString,
  PUSHER_HOST: optionalString,
  PUSHER_PORT: z.coerce.number().int().positive().optional(),
  PUSHER_USE_TLS: booleanFlag,
  CHANNELS_PORT: z.coerce.number().int().positive().default(6001),
  // What the browser dials, when it differs from the page's own host (our server only).
  PUSHER_PUBLIC_HOST: optionalString,
  PUSHER_PUBLIC_PORT: z.coerce.number().int().positive().optional(),
  PUSHER_ENCRYPTION_MASTER_KEY_BASE64: optionalString,

  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
});

/** Typed, validated environment of the Next.js app. */
export type Env = z.infer<typeof envSchema>;

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

/** The parsed environment; throws at startup with every problem listed. */
export const env: Env = parseEnv(process.env);
