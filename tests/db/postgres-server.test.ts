// A throwaway PostgreSQL server (scripts/lib/postgres-server.ts) never outlives the process that started it,
// however that process ends: a test worker Vitest ends with SIGTERM, or one Stryker kills with SIGKILL on a
// timeout, or one whose whole process tree Stryker's tree-kill ends, leaves no `postgres -D` process and no
// directory behind (pg_ctl starts the server in its own session, so nothing else would stop it).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "hold-postgres.ts");
const started: Array<{ dir: string; pid: number }> = [];

/** Whether a process with this pid exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `check` holds, or after `limitMs` (the caller then asserts on what it sees). */
async function waitUntil(check: () => boolean, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Starts the fixture and resolves with its server's directory and postmaster pid. */
async function holdPostgres(): Promise<{ child: ReturnType<typeof spawn>; dir: string; pid: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  if (child.stdout === null) throw new Error("no stdout");
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  if (first.done === true) throw new Error(`fixture ended early (exit ${String(child.exitCode)})`);
  const server = JSON.parse(first.value) as { dir: string; pid: number };
  started.push(server);
  return { child, ...server };
}

afterAll(() => {
  // What a failing run left: stop it (SIGQUIT is PostgreSQL's immediate shutdown) and remove its directory.
  for (const { dir, pid } of started) {
    if (isAlive(pid)) process.kill(pid, "SIGQUIT");
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `pid` and every process below it (by parent pid), as tree-kill finds them: the way Stryker ends a worker. */
function processTree(pid: number): number[] {
  const rows = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) for (const [child, parent] of rows) if (parent === tree[i] && child !== undefined) tree.push(child);
  return tree;
}

describe("a throwaway PostgreSQL server", () => {
  it.each(["SIGTERM", "SIGKILL"] as const)("is stopped and its directory removed when its process gets %s", async (signal) => {
    const { child, dir, pid } = await holdPostgres();
    expect(isAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
    await waitUntil(() => !isAlive(pid) && !existsSync(dir), 15_000);
    expect({ serverRunning: isAlive(pid), directoryLeft: existsSync(dir) }).toEqual({ serverRunning: false, directoryLeft: false });
  });

  it("is stopped and its directory removed when its process and everything below it get SIGKILL (Stryker's tree-kill)", async () => {
    const { child, dir, pid } = await holdPostgres();
    expect(isAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    for (const member of processTree(child.pid ?? -1)) {
      try {
        process.kill(member, "SIGKILL");
      } catch {
        // gone already
      }
    }
    await exited;
    await waitUntil(() => !isAlive(pid) && !existsSync(dir), 15_000);
    expect({ serverRunning: isAlive(pid), directoryLeft: existsSync(dir) }).toEqual({ serverRunning: false, directoryLeft: false });
  });
});
