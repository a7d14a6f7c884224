// npm run test:mutation [-- <group> ...]: runs StrykerJS on each mutation-testing group (stryker/<group>.conf.mjs),
// one group at a time at low priority, then prints each group's score from its JSON report (reports/mutation/).
// Exits non-zero when a group fails or scores under 90% (timeouts count as caught, as Stryker counts them).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
/** Every group, in the order they run. */
const GROUPS = ["signatures", "channel-access", "decimals", "schemas", "engine", "funds", "session"];
const BREAK_PERCENT = 90;

const asked = process.argv.slice(2);
const unknown = asked.filter((group) => !GROUPS.includes(group));
if (unknown.length > 0) {
  console.error(`Unknown group(s): ${unknown.join(", ")}. Groups: ${GROUPS.join(", ")}`);
  process.exit(2);
}
const groups = asked.length > 0 ? asked : GROUPS;

/** Detected and undetected mutants of a Stryker JSON report (mutation-testing-report-schema). */
function scoreOf(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  const counts = {};
  for (const file of Object.values(report.files)) for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { detected, undetected, percent: (100 * detected) / Math.max(1, detected + undetected), counts };
}

const results = [];
for (const group of groups) {
  const started = Date.now();
  const reportFile = path.join(root, "reports/mutation", `${group}.json`);
  rmSync(reportFile, { force: true });
  const stryker = path.join(root, "node_modules/.bin/stryker");
  const command = existsSync("/usr/bin/nice") ? ["/usr/bin/nice", ["-n", "10", stryker, "run", `stryker/${group}.conf.mjs`]] : [stryker, ["run", `stryker/${group}.conf.mjs`]];
  console.log(`\n=== mutation group ${group} ===`);
  const run = spawnSync(command[0], command[1], { cwd: root, stdio: "inherit" });
  const minutes = (Date.now() - started) / 60_000;
  if (!existsSync(reportFile)) {
    results.push({ group, minutes, error: `no report (exit ${run.status ?? run.signal})` });
    continue;
  }
  results.push({ group, minutes, ...scoreOf(reportFile) });
}

console.log("\nMutation score per group (killed + timeout) / (killed + timeout + survived + no coverage):");
let failed = false;
for (const result of results) {
  if (result.error) {
    failed = true;
    console.log(`  ${result.group.padEnd(15)} ERROR ${result.error}`);
    continue;
  }
  const below = result.percent < BREAK_PERCENT;
  failed ||= below;
  const { Killed = 0, Timeout = 0, Survived = 0, NoCoverage = 0 } = result.counts;
  console.log(
    `  ${result.group.padEnd(15)} ${result.percent.toFixed(2).padStart(6)}%  killed ${Killed}, timeout ${Timeout}, survived ${Survived}, no coverage ${NoCoverage}  (${result.minutes.toFixed(1)} min)${below ? `  UNDER ${BREAK_PERCENT}%` : ""}`,
  );
}
console.log("Remaining survivors and why each is equivalent: stryker/EQUIVALENT.md; reports: reports/mutation/<group>.html");
process.exit(failed ? 1 : 0);
