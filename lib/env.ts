// The app's environment, parsed once with zod. Import `env` instead of reading process.env.
import "server-only";
import { parseEnv, type Env } from "@/lib/schemas/env";

export type { Env };

/** The parsed environment; throws at startup with every problem listed. */
export const env: Env = parseEnv(process.env);
