// Builds the app once before the e2e run (skip with E2E_SKIP_BUILD=1 when .next is already fresh).
import { generateSecrets } from "../../../scripts/lib/local-secrets.ts";
import { buildNext } from "../../../scripts/lib/stack.ts";

/**
 * Playwright global setup: `next build`; no database is needed to build. A clean clone has no
 * .env.local, and code evaluated while prerendering may require NEXTAUTH_SECRET in production, so
 * throwaway secrets fill whatever the environment lacks (each test stack runs with its own).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  const env: Record<string, string | undefined> = { ...generateSecrets() };
  for (const [key, value] of Object.entries(process.env)) if (value) env[key] = value;
  const started = performance.now();
  await buildNext(env);
  console.log(`[e2e] next build took ${Math.round(performance.now() - started)} ms`);
}
