// Playwright: e2e specs in Debian's Chromium; each worker runs its own stack (see tests/e2e/fixtures.ts).
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath } from "./tests/support/chromium.ts";

export default defineConfig({
  testDir: "tests/e2e",
  // One `next build` for the run, then every worker starts `next start` from it.
  globalSetup: "./tests/e2e/support/global-setup.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumExecutablePath, args: chromiumArgs },
  },
});
