// Vitest config of one mutation-testing group: the project's config, run only on the group's test files, which
// stryker/base.mjs passes in STRYKER_TEST_FILES. (Stryker's own `testFiles` option would turn static mutants, those
// evaluated when a module loads, into runtime ones that no test can see, so the list lives here instead.)
// Files run in the list's order, so a group lists its quick example tests before slow property tests: Stryker
// stops at a mutant's first failing test, and most mutants then cost one quick file.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

const root = fileURLToPath(new URL("..", import.meta.url));
const parsed: unknown = JSON.parse(process.env.STRYKER_TEST_FILES ?? "null");
if (!Array.isArray(parsed) || parsed.length === 0) throw new Error("STRYKER_TEST_FILES must list the group's test files (run through npm run test:mutation)");
const testFiles = parsed.map(String);

/** Position of a test file in the group's list (an entry is a path, or a glob matched by its part before `*`). */
function rank(file: string): number {
  const relative = path.relative(root, file).split(path.sep).join("/");
  const index = testFiles.findIndex((entry) => (entry.includes("*") ? relative.startsWith(entry.slice(0, entry.indexOf("*"))) : relative === entry));
  return index < 0 ? testFiles.length : index;
}

/** Runs the group's files in the order they are listed. */
class ListOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}

export default defineConfig({
  ...base,
  root,
  test: { ...base.test, include: testFiles, sequence: { ...base.test?.sequence, sequencer: ListOrderSequencer } },
});
