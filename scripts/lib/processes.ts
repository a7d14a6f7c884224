// Child processes for the start script and the e2e harness: spawn, prefix output, wait for a line, stop.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

/** Environment variables for a child (NodeJS.ProcessEnv without its required NODE_ENV). */
export type EnvVars = Record<string, string | undefined>;

/** How a child ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of spawnChild. */
export interface SpawnOptions {
  /** Label for output prefixes and errors, e.g. "app" gives "[app] ..." lines. */
  name: string;
  command: string;
  args: string[];
  env: EnvVars;
  cwd: string;
  /** Echo output with a [name] prefix to this process's stdout/stderr (default true). */
  echo?: boolean;
}

/** A running child: its output lines, readiness and shutdown. */
export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with how the child ended (never rejects). */
  exited: Promise<ExitInfo>;
  /** Whether the child has ended. */
  hasExited(): boolean;
  /** The last output lines (stdout and stderr), for error messages. */
  recentOutput(): string[];
  /** Resolves with the first output line matching `pattern`; rejects if the child exits or `timeoutMs` passes first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Sends `signal` (default SIGTERM) and waits; after `graceMs` kills the whole process group. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitInfo>;
}

const RECENT_LINES = 200;

/**
 * Spawns a child in its own process group (so one terminal Ctrl-C reaches only us and we stop the
 * children in order), relays its output line by line and records it for waitForLine.
 */
export function spawnChild(options: SpawnOptions): Child {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const recent: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exitInfo: ExitInfo | undefined;

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once("error", (error) => {
      recent.push(`spawn error: ${error.message}`);
      exitInfo ??= { code: null, signal: null };
      resolve(exitInfo);
    });
  });

  const relay = (stream: NodeJS.ReadableStream | null, target: NodeJS.WriteStream) => {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      // Children that already label their lines (e.g. "[simulate] ...") are not labelled twice.
      const label = line.startsWith(`[${options.name}]`) ? "" : `[${options.name}] `;
      if (options.echo !== false) target.write(`${label}${line}\n`);
      for (const listener of listeners) listener(line);
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);

  const describeExit = (info: ExitInfo) =>
    `${options.name} exited (${info.signal ?? `code ${info.code}`}) before it was ready. Last output:\n  ${recent.slice(-30).join("\n  ")}`;

  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const seen = recent.find((line) => pattern.test(line));
      if (seen !== undefined) return resolve(seen);
      if (exitInfo) return reject(new Error(describeExit(exitInfo)));
      const cleanup = () => {
        listeners.delete(onLine);
        clearTimeout(timer);
      };
      const onLine = (line: string) => {
        if (!pattern.test(line)) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${options.name} printed no line matching ${pattern} within ${timeoutMs} ms. Last output:\n  ${recent.slice(-30).join("\n  ")}`));
      }, timeoutMs);
      listeners.add(onLine);
      void exited.then((info) => {
        if (!listeners.has(onLine)) return;
        cleanup();
        reject(new Error(describeExit(info)));
      });
    });

  const stop = async (signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<ExitInfo> => {
    if (exitInfo) return exitInfo;
    // Signal the direct child only: tsx and next relay it to their own workers, and a second copy of
    // the signal could cut a graceful shutdown short. The group is killed only if it hangs.
    signalPid(child.pid, signal);
    const timer = setTimeout(() => signalPid(child.pid === undefined ? undefined : -child.pid, "SIGKILL"), graceMs);
    const info = await exited;
    clearTimeout(timer);
    return info;
  };

  return {
    name: options.name,
    process: child,
    exited,
    hasExited: () => exitInfo !== undefined,
    recentOutput: () => [...recent],
    waitForLine,
    stop,
  };
}

/** process.kill that ignores "no such process". */
export function signalPid(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Kills the process groups of children still running; for process "exit" handlers (synchronous). */
export function killRemaining(children: Iterable<Child>): void {
  for (const child of children) {
    if (!child.hasExited() && child.process.pid !== undefined) signalPid(-child.process.pid, "SIGKILL");
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("Could not read the free port"));
      });
    });
  });
}

/** Resolves once `url` answers any HTTP response; rejects if `child` exits or `timeoutMs` passes first. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.hasExited()) throw new Error(`${child.name} exited before ${url} answered. Last output:\n  ${child.recentOutput().slice(-30).join("\n  ")}`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Runs a command to completion with prefixed output; rejects on a non-zero exit. `onSpawn` sees the child (to stop it). */
export async function runToCompletion(options: SpawnOptions, onSpawn?: (child: Child) => void): Promise<void> {
  const child = spawnChild(options);
  onSpawn?.(child);
  const info = await child.exited;
  if (info.code !== 0) {
    throw new Error(`${options.name} failed (${info.signal ?? `code ${info.code}`}). Last output:\n  ${child.recentOutput().slice(-40).join("\n  ")}`);
  }
}
