// The app's environment schema (pure: no server-only, no side effects), so `npm start` can check the
// environment before it starts anything and lib/env.ts can parse it once inside the app.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/http/trusted-proxies";
import { parseHostedUrl, usesHostedPusher } from "@/lib/pusher/resolve-target";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const optionalPort = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.coerce.number().int().positive().optional(),
);

/** Why `file` cannot serve as a CA file (PEM certificates), or null when it can. Reads the file; never throws. */
export function caFileProblem(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return `cannot read ${file} (${error instanceof Error ? error.message : String(error)})`;
  }
  return text.includes("-----BEGIN CERTIFICATE-----") ? null : `${file} holds no PEM certificate`;
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True for the base64 text of exactly 32 bytes, the only master key the pusher SDK accepts. */
export function isMasterKeyBase64(value: string): boolean {
  return STRICT_BASE64.test(value) && Buffer.from(value, "base64").length === 32;
}

// The key itself never appears in a message: it is a secret and errors end up in logs.
const masterKey = optionalString.refine((value) => value === undefined || isMasterKeyBase64(value), {
  error: "must be the base64 of exactly 32 random bytes (generate one with `openssl rand -base64 32`)",
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().default("file:./data/dev.db"),

    // Realtime: our Channels server by default, hosted Pusher when PUSHER_CLUSTER or PUSHER_URL is set
    // without PUSHER_HOST. The PUSHER_* credentials name the service the app talks to.
    PUSHER_APP_ID: optionalString,
    PUSHER_KEY: optionalString,
    PUSHER_SECRET: optionalString,
    PUSHER_CLUSTER: optionalString,
    PUSHER_URL: optionalString,
    PUSHER_HOST: optionalString,
    PUSHER_PORT: optionalPort,
    PUSHER_USE_TLS: booleanFlag,
    // PEM certificate(s) the app's pusher SDK trusts for https to a self-hosted server (e.g. a self-signed
    // one), on top of Node's usual roots; `npm start -- --tls` points it at its generated certificate.
    PUSHER_CA_FILE: optionalString.superRefine((file, ctx) => {
      const problem = file === undefined ? null : caFileProblem(file);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    }),
    CHANNELS_PORT: optionalPort.transform((value) => value ?? 6001),
    // Credentials `npm start` generates for the embedded Channels server; used only when PUSHER_* are
    // unset and no hosted service is configured, never for hosted Pusher.
    CHANNELS_APP_ID: optionalString,
    CHANNELS_APP_KEY: optionalString,
    CHANNELS_APP_SECRET: optionalString,
    // What the browser dials, when it differs from the page's own host (our server) or the PUSHER_URL host.
    PUSHER_PUBLIC_HOST: optionalString,
    PUSHER_PUBLIC_PORT: optionalPort,
    PUSHER_ENCRYPTION_MASTER_KEY_BASE64: masterKey,

    NEXTAUTH_SECRET: optionalString,
    NEXTAUTH_URL: optionalString,

    // Who may say which address a request came from (lib/http/trusted-proxies.ts): unset means nobody,
    // the socket address is the client. Read by scripts/app-server.ts; checked here so a typo fails at start.
    TRUSTED_PROXIES: optionalString.superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      }
    }),

    // Logging: debug adds one line per webhook event; info (default) summarizes them once per interval.
    LOG_LEVEL: z.preprocess(
      (value) => (typeof value === "string" ? value.trim().toLowerCase() || undefined : value),
      z.enum(["debug", "info", "warn", "error"]).default("info"),
    ),
    WEBHOOK_LOG_INTERVAL_MS: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    ),
    // Comma-separated emails of the operators who may open /console (unset: nobody; `npm start` names the seeded one).
    OPERATOR_EMAILS: optionalString,
  })
  .superRefine((env, ctx) => {
    if (!usesHostedPusher(env)) return;
    if (env.PUSHER_URL !== undefined) {
      if (parseHostedUrl(env.PUSHER_URL) === null) {
        ctx.addIssue({
          code: "custom",
          path: ["PUSHER_URL"],
          message: "must look like https://KEY:SECRET@api-CLUSTER.pusher.com/apps/APP_ID",
        });
      }
      return;
    }
    for (const name of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const) {
      if (env[name] === undefined) {
        ctx.addIssue({ code: "custom", path: [name], message: "is required for hosted Pusher (PUSHER_CLUSTER is set)" });
      }
    }
  });

/** Typed, validated environment of the Next.js app. */
export type Env = z.infer<typeof envSchema>;

/** Parses `source`; throws one error listing every problem (names and reasons, never secret values). */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
