// Builds the app once before the e2e run (skip with E2E_SKIP_BUILD=1 when .next is already fresh).
import { buildNext } from "../../../scripts/lib/stack.ts";

/** Playwright global setup: `next build` with the caller's environment; no database is needed to build. */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  const started = performance.now();
  await buildNext(process.env);
  console.log(`[e2e] next build took ${Math.round(performance.now() - started)} ms`);
}
