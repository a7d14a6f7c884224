// Vitest config of one mutation-testing group: the project's config, run only on the group's test files, which
// stryker/base.mjs passes in STRYKER_TEST_FILES. (Stryker's own `testFiles` option would turn static mutants, those
// evaluated when a module loads, into runtime ones that no test can see, so the list lives here instead.)
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

const testFiles: unknown = JSON.parse(process.env.STRYKER_TEST_FILES ?? "null");
if (!Array.isArray(testFiles) || testFiles.length === 0) throw new Error("STRYKER_TEST_FILES must list the group's test files (run through npm run test:mutation)");

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: { ...base.test, include: testFiles.map(String) },
});
