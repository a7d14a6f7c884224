// Child processes for the benchmarks: spawn Node scripts under a raised fd limit, wait for
// their "listening" line, read their RSS and CPU time from /proc, and stop them.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** The repository root: every bench process runs from here so `--import tsx` resolves. */
export const repoRoot = new URL("../../../", import.meta.url).pathname;

const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** The fd limit children get: 65536 when the hard limit allows, else the hard limit itself. */
export function childFdLimit(): number {
  const hard = execFileSync("/bin/sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).trim();
  return hard === "unlimited" ? 65536 : Math.min(65536, Number(hard));
}

/** Options for {@link spawnNode}. */
export interface SpawnNodeOptions {
  env?: Record<string, string>;
  ipc?: boolean;
  nodeArgs?: string[];
  /** Working directory (and so the checkout `script` resolves in); the repository root by default. */
  cwd?: string;
  /** Modules loaded with `--import` after tsx, before the script (e.g. lib/memory-probe.ts). */
  preload?: string[];
}

/**
 * Starts `node --import tsx <script>` through `sh -c 'ulimit -n N; exec ...'` so the child has
 * the highest fd limit allowed; `exec` keeps the pid, so /proc/<pid> is the Node process itself.
 */
export function spawnNode(script: string, options: SpawnNodeOptions = {}): ChildProcess {
  const limit = childFdLimit();
  const preload = (options.preload ?? []).flatMap((module) => ["--import", module]);
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", ...preload, script];
  const child = spawn("/bin/sh", ["-c", `ulimit -n ${limit} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    serialization: "advanced",
  });
  return child;
}

/** Resolves with the regex match of the first stdout line matching `pattern`; rejects on exit or timeout. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const onOut = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(pattern);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString();
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`process exited (${code}) before printing ${pattern}:\n${stdout}\n${stderr}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onOut);
      child.stderr?.off("data", onErr);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onOut);
    child.stderr?.on("data", onErr);
    child.once("exit", onExit);
  });
}

/** Keeps draining a child's output (so its pipes never fill) and remembers the tail for errors. */
export function drainOutput(child: ChildProcess, label: string): () => string {
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => `[${label}] ${tail}`;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status VmRSS. */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** User and system CPU time a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function readCpuSplitMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1000) / clockTicks, system: (Number(fields[12]) * 1000) / clockTicks };
}

/** User + system CPU time a process has used so far, in milliseconds. */
export function readCpuMs(pid: number): number {
  const { user, system } = readCpuSplitMs(pid);
  return user + system;
}

export { freePort } from "../../../scripts/lib/processes.ts";

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resolves true once the process exits, or false after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
