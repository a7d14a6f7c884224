// One subscriber count, all servers at once: each server runs in its own process with its own
// client processes connected, and the phases run in interleaved rounds (rotating the order) so
// noise from other work on the shared cores falls on every server alike.
import { sleep } from "../lib/clock.ts";
import { readRssBytes } from "../lib/processes.ts";
import { aggregate, type PhaseAggregate } from "./aggregate.ts";
import { hasExited, startContender, type Contender } from "./contender.ts";
import { runSaturated, runSustained, type LoadShape, type PhaseResult } from "./phases.ts";
import type { TargetId, TargetSpec } from "./targets.ts";

/** How hard and how long one subscriber count is pushed. */
export interface ScenarioPlan {
  /** "fan-out" (one event per trigger on one channel) or "exchange feed" (a batch of 10 across a market's channels). */
  kind: "fan-out" | "exchange feed";
  /** What a trigger sends, and the channels each subscriber joins (the `bench` channel when absent). */
  shape: LoadShape;
  channels?: string[];
  subscribers: number;
  workers: number;
  rounds: number;
  sustainedRounds: number;
  /** Triggers (single events, or batches in the exchange feed) per saturated round. */
  saturatedTriggersPerRound: number;
  saturatedWindow: number;
  saturatedCapMs: number;
  /** Triggers per second in the sustained phase. */
  sustainedRate: number;
  sustainedMsPerRound: number;
  cpuProfileDir?: string;
  /** An operator watches the debug console on our server throughout (`--console-watcher`). */
  consoleWatcher?: boolean;
}

/** Everything measured for one server at one subscriber count. */
export interface ScenarioResult {
  target: TargetId;
  subscribers: number;
  connectMs: number;
  rssBaselineBytes: number;
  rssIdleBytes: number;
  bytesPerIdleConnection: number;
  saturated: PhaseAggregate;
  sustained: PhaseAggregate;
}

/** A server that could not be measured, and why. */
export interface ScenarioFailure {
  target: TargetId;
  subscribers: number;
  error: string;
}

type Log = (line: string) => void;

function describe(error: unknown, contender?: Contender): string {
  const message = error instanceof Error ? error.message : String(error);
  return contender && hasExited(contender) ? `server exited: ${message}\n${contender.tail()}` : message;
}

/** Runs one phase for every live contender, `rounds` times, rotating who goes first. */
async function interleave(live: Contender[], rounds: number, phase: (c: Contender) => Promise<PhaseResult>, fail: (c: Contender, e: unknown) => void): Promise<Map<Contender, PhaseResult[]>> {
  const results = new Map<Contender, PhaseResult[]>(live.map((c) => [c, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = live.map((_, i) => live[(i + round) % live.length] as Contender);
    for (const contender of order) {
      if (!results.has(contender)) continue;
      try {
        results.get(contender)?.push(await phase(contender));
      } catch (error) {
        fail(contender, error);
        results.delete(contender);
      }
    }
  }
  return results;
}

/** Measures every target at `plan.subscribers`; always stops every process it started. */
export async function runArena(targets: TargetSpec[], plan: ScenarioPlan, log: Log): Promise<{ results: Map<TargetId, ScenarioResult>; failures: ScenarioFailure[] }> {
  const failures: ScenarioFailure[] = [];
  const live: Contender[] = [];
  const started: Contender[] = [];
  const fail = (contender: Contender, error: unknown) => {
    failures.push({ target: contender.target.id, subscribers: plan.subscribers, error: describe(error, contender) });
    log(`  ${contender.target.label}: FAILED: ${describe(error, contender)}`);
    live.splice(live.indexOf(contender), 1);
  };
  try {
    for (const target of targets) {
      try {
        const options = {
          subscribers: plan.subscribers,
          workers: plan.workers,
          window: plan.saturatedWindow,
          cpuProfileDir: plan.cpuProfileDir,
          consoleWatcher: plan.consoleWatcher,
          shape: plan.shape,
          channels: plan.channels,
        };
        const contender = await startContender(target, options);
        live.push(contender);
        started.push(contender);
        log(`  ${target.label} (pid ${contender.context.serverPid}): ${plan.subscribers} subscribed in ${(contender.connectMs / 1000).toFixed(1)} s`);
      } catch (error) {
        failures.push({ target: target.id, subscribers: plan.subscribers, error: describe(error) });
        log(`  ${target.label}: FAILED to start: ${describe(error)}`);
      }
    }
    await sleep(2000);
    const rssIdle = new Map(live.map((c) => [c, readRssBytes(c.context.serverPid)]));
    const warmEvents = Math.max(10, Math.round(plan.saturatedTriggersPerRound / 5));
    await interleave(live, 1, (c) => runSaturated(c.context, warmEvents, plan.saturatedWindow, plan.saturatedCapMs), fail);
    const saturated = await interleave(live, plan.rounds, (c) => runSaturated(c.context, plan.saturatedTriggersPerRound, plan.saturatedWindow, plan.saturatedCapMs), fail);
    log(`  saturated: ${[...saturated].map(([c, r]) => `${c.target.label} ${r.map((x) => `${Math.round(x.deliveriesPerSec)}${x.serverPings ? ` (${x.serverPings} pings)` : ""}`).join("/")}`).join(", ")} deliveries/s per round`);
    const sustained = await interleave(live, plan.sustainedRounds, (c) => runSustained(c.context, plan.sustainedRate, plan.sustainedMsPerRound, plan.workers), fail);
    log(`  sustained: ${[...sustained].map(([c, r]) => `${c.target.label} p99 ${r.map((x) => `${x.latency?.p99Ms.toFixed(1)}${x.serverPings ? ` (${x.serverPings} pings)` : ""}`).join("/")} ms`).join(", ")} per round`);
    for (const [contender, rounds] of [...saturated, ...sustained]) {
      const failed = rounds.find((r) => r.firstTriggerError);
      if (failed) log(`  ${contender.target.label}: ${rounds.reduce((n, r) => n + r.triggersFailed, 0)} trigger(s) failed, first: ${failed.firstTriggerError}`);
    }
    const results = new Map<TargetId, ScenarioResult>();
    for (const contender of live) {
      const idle = rssIdle.get(contender) ?? Number.NaN;
      results.set(contender.target.id, {
        target: contender.target.id,
        subscribers: plan.subscribers,
        connectMs: contender.connectMs,
        rssBaselineBytes: contender.rssBaselineBytes,
        rssIdleBytes: idle,
        bytesPerIdleConnection: (idle - contender.rssBaselineBytes) / plan.subscribers,
        saturated: aggregate(saturated.get(contender) ?? []),
        sustained: aggregate(sustained.get(contender) ?? []),
      });
    }
    return { results, failures };
  } finally {
    for (const contender of started) await contender.stop();
  }
}
