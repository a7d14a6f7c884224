// A real redis-server (Debian's package) for tests: its own port, temp dir, no persistence; killed, restarted, stopped.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "../../scripts/lib/processes.ts";

/** A running redis-server. */
export interface RedisProcess {
  port: number;
  url: string;
  /** The running server's pid (0 while it is down). */
  readonly pid: number;
  /** Kills it at once (SIGKILL): everything it held is gone, as after a crash. */
  kill(): Promise<void>;
  /** Starts a fresh, empty one on the same port. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Where the Debian package puts it (`apt-get install redis-server`); REDIS_SERVER overrides. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server";

/** Starts redis-server on a free loopback port; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "channels-redis-"));
  let child: ChildProcess | null = null;

  const launch = async () => {
    const started = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    await new Promise<void>((resolve, reject) => {
      const lines: string[] = [];
      createInterface({ input: started.stdout }).on("line", (line) => {
        lines.push(line);
        if (line.includes("Ready to accept connections")) resolve();
      });
      started.once("error", (error) => reject(new Error(`${REDIS_SERVER} did not start (${error.message}): apt-get install redis-server`)));
      started.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${lines.join("\n")}`)));
    });
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? 0;
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
