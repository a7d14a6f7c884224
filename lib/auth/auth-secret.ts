// The secret that encrypts session JWTs: NEXTAUTH_SECRET, or a per-process random one outside production.
import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const globalForSecret = globalThis as typeof globalThis & { __peatioDevAuthSecret?: string };

/**
 * NEXTAUTH_SECRET when set (`npm start` generates one on first run). Outside production a random
 * secret kept for the life of the process stands in (sessions end on restart); production refuses to run
 * without one rather than fall back to anything guessable.
 */
export function authSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET is not set: `npm start` generates one, or set it in the environment.");
  }
  globalForSecret.__peatioDevAuthSecret ??= randomBytes(32).toString("base64url");
  return globalForSecret.__peatioDevAuthSecret;
}
