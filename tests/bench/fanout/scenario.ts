// One fan-out scenario for one server: start it in its own process, measure RSS per idle
// connection, then saturated throughput and a sustained rate with latency and loss.
import { nowMs, sleep } from "../lib/clock.ts";
import { drainOutput, freePort, readRssBytes, spawnNode, stopProcess, waitForLine } from "../lib/processes.ts";
import { runSaturated, runSustained, type PhaseResult } from "./phases.ts";
import type { TargetSpec } from "./targets.ts";
import { WorkerPool } from "./worker-pool.ts";

/** How hard and how long one scenario pushes. */
export interface ScenarioPlan {
  subscribers: number;
  workers: number;
  saturatedEvents: number;
  saturatedWindow: number;
  saturatedCapMs: number;
  sustainedRate: number;
  sustainedMs: number;
  cpuProfileDir?: string;
}

/** Everything measured for one server at one subscriber count. */
export interface ScenarioResult {
  target: string;
  subscribers: number;
  connectMs: number;
  rssBaselineBytes: number;
  rssIdleBytes: number;
  bytesPerIdleConnection: number;
  saturated: PhaseResult;
  sustained: PhaseResult;
}

/** Runs one scenario and always stops the server and the workers it started. */
export async function runScenario(target: TargetSpec, plan: ScenarioPlan, log: (line: string) => void): Promise<ScenarioResult> {
  const port = await freePort();
  const profile = plan.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${plan.cpuProfileDir}`] : [];
  const nodeArgs = [...target.nodeArgs, ...profile];
  const server = spawnNode(target.script, { env: target.env(port), nodeArgs });
  const trigger = target.makeTrigger(port, plan.saturatedWindow);
  let pool: WorkerPool | undefined;
  let tail = () => "";
  try {
    await waitForLine(server, target.ready, 30_000);
    tail = drainOutput(server, target.label);
    const pid = server.pid ?? 0;
    await sleep(1000);
    const rssBaselineBytes = readRssBytes(pid);
    const connectStart = nowMs();
    pool = await WorkerPool.start({ kind: target.loadKind, host: "127.0.0.1", port, appKey: target.appKey, subscribers: plan.subscribers, workers: plan.workers });
    const connectMs = nowMs() - connectStart;
    await sleep(2000);
    const rssIdleBytes = readRssBytes(pid);
    log(`  ${target.label}: ${plan.subscribers} subscribed in ${(connectMs / 1000).toFixed(1)} s; RSS ${(rssBaselineBytes / 2 ** 20).toFixed(1)} -> ${(rssIdleBytes / 2 ** 20).toFixed(1)} MiB`);
    const context = { trigger, pool, serverPid: pid };
    await runSaturated(context, Math.max(10, Math.round(plan.saturatedEvents / 10)), plan.saturatedWindow, plan.saturatedCapMs); // warm-up
    const saturated = await runSaturated(context, plan.saturatedEvents, plan.saturatedWindow, plan.saturatedCapMs);
    log(`  ${target.label}: saturated ${Math.round(saturated.deliveriesPerSec)} deliveries/s, lost ${saturated.lost}`);
    const sustained = await runSustained(context, plan.sustainedRate, plan.sustainedMs, plan.workers);
    log(`  ${target.label}: ${plan.sustainedRate} ev/s p50 ${sustained.latency?.p50Ms.toFixed(2)} ms p99 ${sustained.latency?.p99Ms.toFixed(2)} ms, lost ${sustained.lost}`);
    return {
      target: target.id,
      subscribers: plan.subscribers,
      connectMs,
      rssBaselineBytes,
      rssIdleBytes,
      bytesPerIdleConnection: (rssIdleBytes - rssBaselineBytes) / plan.subscribers,
      saturated,
      sustained,
    };
  } catch (error) {
    const exited = server.exitCode !== null || server.signalCode !== null;
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(exited ? `${target.label} server exited (${server.exitCode ?? server.signalCode}): ${why}\n${tail()}` : why);
  } finally {
    await pool?.stop();
    trigger.close();
    await stopProcess(server);
  }
}
