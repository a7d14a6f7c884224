// Ctrl-C handling of the stack (scripts/lib/supervisor.ts) on real processes: the first SIGINT stops the
// children gracefully; a second one kills their process groups at once, so nothing is left running.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixture = path.join(import.meta.dirname, "fixtures", "supervised-stack.ts");
const started: number[] = [];

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, "utf8").split(") ")[1]?.[0];
  return state !== undefined && state !== "Z";
}

/** Resolves once `pid` has stopped running (the test's timeout bounds the wait). */
async function gone(pid: number): Promise<void> {
  while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Starts the fixture; resolves with it, a line waiter, and its children's pids once they are up. */
async function startFixture(args: string[]) {
  const parent = spawn(process.execPath, ["--import", "tsx", fixture, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  createInterface({ input: parent.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) resolve(seen);
      else waiters.push({ pattern, resolve });
    });
  const exited = new Promise<number | null>((resolve) => parent.on("exit", (code) => resolve(code)));
  const pids = (await waitFor(/^pids /)).split(" ").slice(1).map(Number);
  started.push(...pids);
  return { parent, waitFor, exited, pids };
}

function signal(parent: ChildProcess, name: NodeJS.Signals): void {
  parent.kill(name);
}

afterEach(() => {
  // Whatever a failed test left behind: the children's own process groups.
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

describe("stack supervisor", () => {
  it("one Ctrl-C stops every child gracefully and exits 0", async () => {
    const { parent, waitFor, exited, pids } = await startFixture([]);
    signal(parent, "SIGINT");
    await waitFor(/Interrupted: stopping app, channels/);
    expect(await exited).toBe(0);
    await Promise.all(pids.map(gone));
  });

  it("a second Ctrl-C kills children that ignore SIGTERM at once, instead of leaving them running", async () => {
    const { parent, waitFor, exited, pids } = await startFixture(["--stubborn"]);
    signal(parent, "SIGINT");
    await waitFor(/^\[app\] ignoring SIGTERM$/);
    // The graceful stop is under way and the app refuses it: both children still run.
    expect(pids.map(isRunning)).toEqual([true, true]);
    signal(parent, "SIGINT");
    await waitFor(/SIGINT again: killing app, channels now/);
    expect(await exited).toBe(130);
    await Promise.all(pids.map(gone));
  });
});
