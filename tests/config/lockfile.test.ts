// The committed package-lock.json is complete for every platform: `npm ci` (what .ci/run uses) accepts it,
// and `npm install` on a fresh clone leaves it byte for byte unchanged. A lockfile written where the
// registry lacked other platforms' optional binaries (@next/swc-darwin-*, @unrs/resolver-binding-*)
// fails both: npm ci stops with "Missing: ... from lock file", npm install adds ~300 lines.
// Runs the real npm on copies of package.json and package-lock.json (no node_modules touched).
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");
const quiet = ["--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
const dirs: string[] = [];

/** A temp directory holding copies of the project's package.json and package-lock.json. */
function copyOfManifests(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lockfile-"));
  dirs.push(dir);
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(repoRoot, file), path.join(dir, file));
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("package-lock.json", () => {
  it("is accepted by npm ci", async () => {
    const dir = copyOfManifests();
    // Rejects with npm's own message (e.g. "Missing: @next/swc-darwin-arm64@16.4.6 from lock file").
    await run("npm", ["ci", "--dry-run", ...quiet], { cwd: dir });
  });

  it("is left unchanged by npm install", async () => {
    const dir = copyOfManifests();
    const committed = readFileSync(path.join(dir, "package-lock.json"), "utf8");
    await run("npm", ["install", "--package-lock-only", ...quiet], { cwd: dir });
    expect(readFileSync(path.join(dir, "package-lock.json"), "utf8")).toBe(committed);
  });
}, 120_000);
