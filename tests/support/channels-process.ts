// `npm run channels` (scripts/channels-server.ts) as its own process, for tests that need a real process (signals,
// syscall counts, the CLI): loopback, port 0, the given env on top of this process's; its output lines collected.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** A spawned Channels server process. */
export interface ChannelsProcess {
  child: ChildProcess;
  /** Every line it printed so far, stdout and stderr. */
  lines: string[];
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves with the first line (printed so far or later) matching `pattern`; rejects if it exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** SIGKILL (a stopped process too) and wait for the exit; nothing when it already exited. */
  kill(): Promise<void>;
}

/** Spawns the server without waiting for it (for a start that is meant to fail). */
export function spawnChannelsProcess(env: Record<string, string>): ChannelsProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/channels-server.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return resolve(seen);
      waiters.push({ pattern, resolve });
      void exited.then((code) => reject(new Error(`channels-server exited (${code}) before printing ${pattern}:\n${lines.join("\n")}`)));
    });
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await exited;
  };
  return { child, lines, exited, waitFor, kill };
}

/** Spawns the server and resolves once it listens, with the port it printed. */
export async function startChannelsProcess(env: Record<string, string>): Promise<ChannelsProcess & { port: number }> {
  const started = spawnChannelsProcess(env);
  const line = await started.waitFor(/^Channels server listening on /);
  const port = Number(/:(\d+) /.exec(line)?.[1]);
  if (!port) {
    await started.kill();
    throw new Error(`Unexpected listening line: ${line}`);
  }
  return { ...started, port };
}
