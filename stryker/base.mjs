// Shared StrykerJS options for every mutation-testing group (stryker/<group>.conf.mjs); the README's "Mutation testing" section says how to run them.
import os from "node:os";

/** Stryker options for one group: the files it mutates and the test files that may kill its mutants. */
export function defineGroup({ name, mutate, testFiles, timeoutMS = 10_000 }) {
  process.env.STRYKER_TEST_FILES = JSON.stringify(testFiles);
  return {
    $schema: "../node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    testRunner: "vitest",
    // Only the group's test files (stryker/vitest.config.ts reads this list in every test runner process).
    vitest: { configFile: "stryker/vitest.config.ts", related: true },
    mutate,
    coverageAnalysis: "perTest",
    // One worker per core unless STRYKER_CONCURRENCY says otherwise (2 on the team's machines).
    concurrency: Number(process.env.STRYKER_CONCURRENCY) || Math.max(1, os.availableParallelism()),
    // The tests start real servers; a busy shared machine needs slack before a slow mutant counts as a timeout.
    timeoutMS,
    timeoutFactor: 2,
    thresholds: { high: 95, low: 90, break: 90 },
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    clearTextReporter: { allowEmojis: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true, reportMutants: true },
    tempDirName: `.stryker-tmp/${name}`,
    ignorePatterns: [".next", "data", "test-results", "playwright-report", "reports", "tests/e2e", "tests/bench", "*.tsbuildinfo"],
    incremental: false,
  };
}
