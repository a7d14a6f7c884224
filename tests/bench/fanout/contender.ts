// One measured server in its own process with its subscribers connected: start it, record its
// RSS before and after the clients, and stop everything it started.
import type { ChildProcess } from "node:child_process";
import { nowMs } from "../lib/clock.ts";
import { drainOutput, freePort, readRssBytes, spawnNode, stopProcess, waitForLine } from "../lib/processes.ts";
import type { ConsoleWatcher } from "./console-watcher.ts";
import { singleEvent, type LoadShape, type PhaseContext } from "./phases.ts";
import type { LoadKind } from "./protocol.ts";
import type { TargetSpec } from "./targets.ts";
import { WorkerPool } from "./worker-pool.ts";

/** A running server plus its connected load clients. */
export interface Contender {
  target: TargetSpec;
  server: ChildProcess;
  context: PhaseContext;
  connectMs: number;
  rssBaselineBytes: number;
  /** Tail of the server's output, for error messages. */
  tail: () => string;
  stop: () => Promise<void>;
}

/** How to start a contender. */
export interface ContenderOptions {
  subscribers: number;
  workers: number;
  window: number;
  loadKind?: LoadKind;
  cpuProfileDir?: string;
  /** Subscribe an operator to the debug console's log channel before the load clients (ours only). */
  consoleWatcher?: boolean;
  /** What a trigger sends (one event by default) and the channels every subscriber joins for it. */
  shape?: LoadShape;
  channels?: string[];
}

/** Starts the server, reads its RSS once settled (baseline), then connects and subscribes every client. */
export async function startContender(target: TargetSpec, options: ContenderOptions): Promise<Contender> {
  const port = await freePort();
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const server = spawnNode(target.script, { env: target.env(port), nodeArgs: [...target.nodeArgs, ...profile], cwd: target.cwd });
  const trigger = target.makeTrigger(port, options.window);
  let pool: WorkerPool | undefined;
  let watcher: ConsoleWatcher | undefined;
  const stop = async () => {
    if (watcher) {
      const seen = watcher.stats();
      console.log(`  ${target.label}: console watcher saw ${seen.batches} log batches, ${seen.rows} rows (${seen.dropped} dropped by the rate bound)`);
      watcher.close();
    }
    await pool?.stop();
    trigger.close();
    await stopProcess(server);
  };
  try {
    await waitForLine(server, target.ready, 30_000);
    const tail = drainOutput(server, target.label);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pid = server.pid ?? 0;
    const rssBaselineBytes = readRssBytes(pid);
    if (options.consoleWatcher && target.watchConsole) watcher = await target.watchConsole(port);
    const start = nowMs();
    pool = await WorkerPool.start({
      kind: options.loadKind ?? target.loadKind,
      host: "127.0.0.1",
      port,
      appKey: target.appKey,
      subscribers: options.subscribers,
      workers: options.workers,
      channels: options.channels,
    });
    const context = { trigger, pool, serverPid: pid, shape: options.shape ?? singleEvent };
    return { target, server, context, connectMs: nowMs() - start, rssBaselineBytes, tail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** True once the contender's server process has exited. */
export function hasExited(contender: Contender): boolean {
  return contender.server.exitCode !== null || contender.server.signalCode !== null;
}
