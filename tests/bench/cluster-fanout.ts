// `npm run bench:cluster`: fan-out across a 3-node Channels cluster over a real redis-server (subscribers spread over
// the nodes, every trigger sent to the first node through the `pusher` SDK) beside one standalone node, in the same
// run: sustained 20 events/s to 1,000 subscribers (latency p50/p99 and loss), then saturated (deliveries/s). Each
// server is its own process (`scripts/channels-server.ts`), subscribers are raw Pusher-protocol clients in forked
// worker processes; the two setups stay up side by side and every phase runs in rounds alternating which goes first,
// so load from other work on the shared cores falls on both alike. Prints a table, writes JSON to tests/bench/results/.
//
// Flags: --quick (smoke run), --subscribers=1000, --rate=20 (events/s, sustained), --seconds=5 (per sustained round),
// --rounds=4, --nodes=3, --saturated-events=300 (per saturated round), --cpu-prof (a V8 CPU profile of every server
// process in tests/bench/results/profiles/; summarize one with tests/bench/summarize-cpu-profile.ts).
import { randomBytes } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startRedis, type RedisProcess } from "../cluster/redis-process.ts";
import { nowMs, sleep } from "./lib/clock.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { drainOutput, freePort, readCpuMs, repoRoot, spawnNode, stopProcess, waitForLine } from "./lib/processes.ts";
import { percentile, summarizeLatency, type LatencySummary } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import { makePayload } from "./fanout/protocol.ts";
import { pusherTrigger, type Trigger } from "./fanout/triggers.ts";
import { WorkerPool, type PoolReport } from "./fanout/worker-pool.ts";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    subscribers: { type: "string", default: "1000" },
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "4" },
    nodes: { type: "string", default: "3" },
    "saturated-events": { type: "string", default: "300" },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const subscribers = Number(flags.subscribers);
const rate = Number(flags.rate);
const seconds = flags.quick ? 2 : Number(flags.seconds);
const rounds = flags.quick ? 2 : Number(flags.rounds);
const nodeCount = Number(flags.nodes);
const saturatedEvents = flags.quick ? 60 : Number(flags["saturated-events"]);
const app = { appId: "434343", key: "cluster-bench-key", secret: randomBytes(16).toString("hex") };
const profileDir = new URL("./results/profiles/", import.meta.url).pathname;
const READY = /Channels server listening on ws:\/\/[^\s:]+:(\d+)/;

/** One measured setup: its server processes, its subscribers (one pool per node), and where triggers go. */
interface Setup {
  label: string;
  servers: ChildProcess[];
  tails: (() => string)[];
  pools: WorkerPool[];
  trigger: Trigger;
  /** Processes whose CPU counts as the server side (the nodes, and Redis for the cluster). */
  serverPids: number[];
}

/** One phase's outcome for one setup. */
interface PhaseOutcome {
  expected: number;
  received: number;
  lost: number;
  outOfOrder: number;
  failedTriggers: number;
  deliveriesPerSec: number;
  serverCpuUsPerDelivery: number;
  latency?: LatencySummary;
  samples?: Float64Array;
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; tail: () => string }> {
  const port = await freePort();
  const child = spawnNode(`${repoRoot}scripts/channels-server.ts`, {
    nodeArgs: ["--conditions=react-server", ...(flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    env: { PUSHER_APP_ID: app.appId, PUSHER_KEY: app.key, PUSHER_SECRET: app.secret, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: String(port), ...env },
  });
  await waitForLine(child, READY, 60_000);
  return { child, port, tail: drainOutput(child, `node ${port}`) };
}

/** Spreads `total` subscribers over `parts` as evenly as possible. */
function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

async function startSingle(): Promise<Setup> {
  const server = await startServer({});
  const pools = [await WorkerPool.start({ kind: "pusher", host: "127.0.0.1", port: server.port, appKey: app.key, subscribers, workers: nodeCount })];
  return { label: "1 node", servers: [server.child], tails: [server.tail], pools, trigger: pusherTrigger(server.port, app, 4), serverPids: [server.child.pid ?? 0] };
}

async function startCluster(redis: RedisProcess): Promise<Setup> {
  const env = { CHANNELS_REDIS_URL: redis.url, CHANNELS_REDIS_PREFIX: `bench-${randomBytes(3).toString("hex")}` };
  const nodes = [];
  for (let i = 0; i < nodeCount; i += 1) nodes.push(await startServer(env));
  const pools = [];
  for (const [i, count] of shares(subscribers, nodeCount).entries()) {
    pools.push(await WorkerPool.start({ kind: "pusher", host: "127.0.0.1", port: nodes[i]!.port, appKey: app.key, subscribers: count, workers: 1 }));
  }
  return {
    label: `${nodeCount} nodes + Redis`,
    servers: nodes.map((node) => node.child),
    tails: nodes.map((node) => node.tail),
    pools,
    trigger: pusherTrigger(nodes[0]!.port, app, 4),
    serverPids: [...nodes.map((node) => node.child.pid ?? 0), redis.pid],
  };
}

async function reportAll(setup: Setup, withLatencies: boolean): Promise<PoolReport[]> {
  return Promise.all(setup.pools.map((pool) => pool.report(withLatencies)));
}

/** Polls until every expected delivery arrived, nothing moved for 3 s, or 30 s passed. */
async function waitForDeliveries(setup: Setup, expected: number): Promise<void> {
  let last = -1;
  let lastChange = nowMs();
  const deadline = nowMs() + 30_000;
  for (;;) {
    const received = (await reportAll(setup, false)).reduce((sum, report) => sum + report.received, 0);
    if (received !== last) {
      last = received;
      lastChange = nowMs();
    }
    if (received >= expected || nowMs() - lastChange > 3000 || nowMs() > deadline) return;
    await sleep(50);
  }
}

/** Runs `send` against a setup and counts what its subscribers received (latency samples when `latencyPerPool` > 0). */
async function measure(setup: Setup, latencyPerPool: number, send: () => Promise<{ sent: number; failed: number }>): Promise<PhaseOutcome> {
  await Promise.all(setup.pools.map((pool) => pool.reset(latencyPerPool)));
  setup.trigger.fresh();
  const cpu0 = setup.serverPids.reduce((sum, pid) => sum + readCpuMs(pid), 0);
  const t0 = nowMs();
  const { sent, failed } = await send();
  const expected = sent * subscribers;
  await waitForDeliveries(setup, expected);
  const reports = await reportAll(setup, latencyPerPool > 0);
  const cpuMs = setup.serverPids.reduce((sum, pid) => sum + readCpuMs(pid), 0) - cpu0;
  const received = reports.reduce((sum, report) => sum + report.received, 0);
  const lastAt = Math.max(...reports.map((report) => report.lastAtMs));
  const samples = latencyPerPool > 0 ? mergeArrays(reports.map((report) => report.latencies ?? new Float64Array(0))) : undefined;
  return {
    expected,
    received,
    lost: expected - received,
    outOfOrder: reports.reduce((sum, report) => sum + report.outOfOrder, 0),
    failedTriggers: failed,
    deliveriesPerSec: received / (((lastAt || nowMs()) - t0) / 1000),
    serverCpuUsPerDelivery: received > 0 ? (cpuMs * 1000) / received : Number.NaN,
    latency: samples ? summarizeLatency(samples) : undefined,
    samples,
  };
}

/** `rate` triggers a second on a fixed schedule for `seconds`, each stamped with its send time. */
function sustained(setup: Setup): Promise<PhaseOutcome> {
  const events = Math.round(rate * seconds);
  return measure(setup, events * (subscribers + 10), async () => {
    const start = nowMs();
    const inFlight: Promise<boolean>[] = [];
    for (let seq = 0; seq < events; seq += 1) {
      const wait = start + (seq * 1000) / rate - nowMs();
      if (wait > 0) await sleep(wait);
      inFlight.push(setup.trigger.send(makePayload(seq, nowMs())).then(() => true, () => false));
    }
    const outcomes = await Promise.all(inFlight);
    const sent = outcomes.filter(Boolean).length;
    return { sent, failed: events - sent };
  });
}

/** 4 triggers in flight, each lane sending its next as soon as the previous is answered, `events` in all. */
function saturated(setup: Setup, events = saturatedEvents): Promise<PhaseOutcome> {
  return measure(setup, 0, async () => {
    let next = 0;
    let sent = 0;
    let failed = 0;
    const lane = async () => {
      while (next < events) {
        const seq = next++;
        try {
          await setup.trigger.send(makePayload(seq, nowMs()));
          sent += 1;
        } catch {
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, lane));
    return { sent, failed };
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
};

async function main(): Promise<void> {
  console.log(`bench:cluster: ${subscribers} subscribers, ${rate} events/s for ${seconds} s x ${rounds} rounds; ${nodeCount} nodes + Redis vs 1 node`);
  console.log(formatMachine(describeMachine()));
  const redis = await startRedis();
  const setups: Setup[] = [];
  const stopAll = async () => {
    for (const setup of setups) {
      await Promise.all(setup.pools.map((pool) => pool.stop()));
      setup.trigger.close();
      await Promise.all(setup.servers.map((server) => stopProcess(server)));
    }
    await redis.stop();
  };
  try {
    setups.push(await startSingle());
    setups.push(await startCluster(redis));
    // Every subscriber on every node hears a first event before anything is measured.
    for (const setup of setups) {
      const check = await saturated(setup, 10);
      if (check.lost !== 0) throw new Error(`${setup.label}: ${check.lost} deliveries lost in the warm-up`);
    }
    const sustainedRuns = new Map<string, PhaseOutcome[]>(setups.map((setup) => [setup.label, []]));
    const saturatedRuns = new Map<string, PhaseOutcome[]>(setups.map((setup) => [setup.label, []]));
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? setups : [...setups].reverse();
      for (const setup of order) {
        const outcome = await sustained(setup);
        sustainedRuns.get(setup.label)?.push(outcome);
        console.log(`  round ${round + 1} sustained ${setup.label}: p50 ${fmt(outcome.latency?.p50Ms, 1)} ms, p99 ${fmt(outcome.latency?.p99Ms, 1)} ms, lost ${outcome.lost}`);
      }
      for (const setup of order) {
        const outcome = await saturated(setup);
        saturatedRuns.get(setup.label)?.push(outcome);
        console.log(`  round ${round + 1} saturated ${setup.label}: ${fmt(outcome.deliveriesPerSec)} deliveries/s, lost ${outcome.lost}`);
      }
    }

    const summary = setups.map((setup) => {
      const sus = sustainedRuns.get(setup.label) ?? [];
      const sat = saturatedRuns.get(setup.label) ?? [];
      const pooled = mergeArrays(sus.map((outcome) => outcome.samples ?? new Float64Array(0)));
      return {
        label: setup.label,
        sustainedDeliveriesPerSec: median(sus.map((o) => o.deliveriesPerSec)),
        p50Ms: percentile(pooled, 50),
        p99Ms: percentile(pooled, 99),
        medianRoundP99Ms: median(sus.map((o) => o.latency?.p99Ms ?? Number.NaN)),
        saturatedDeliveriesPerSec: median(sat.map((o) => o.deliveriesPerSec)),
        serverCpuUsPerDelivery: median(sat.map((o) => o.serverCpuUsPerDelivery)),
        lost: [...sus, ...sat].reduce((sum, o) => sum + o.lost, 0),
        expected: [...sus, ...sat].reduce((sum, o) => sum + o.expected, 0),
        // Triggers overlap (fixed schedule, 4 lanes), so arrival order across events says nothing here; kept in the JSON.
        outOfOrder: [...sus, ...sat].reduce((sum, o) => sum + o.outOfOrder, 0),
        failedTriggers: [...sus, ...sat].reduce((sum, o) => sum + o.failedTriggers, 0),
      };
    });
    console.log("");
    console.log(
      formatTable(
        ["setup", "sustained deliveries/s", "p50 ms", "p99 ms", "median round p99 ms", "saturated deliveries/s", "server CPU µs/delivery", "lost"],
        summary.map((s) => [
          s.label,
          fmt(s.sustainedDeliveriesPerSec),
          fmt(s.p50Ms, 1),
          fmt(s.p99Ms, 1),
          fmt(s.medianRoundP99Ms, 1),
          fmt(s.saturatedDeliveriesPerSec),
          fmt(s.serverCpuUsPerDelivery, 2),
          `${fmt(s.lost)} of ${fmt(s.expected)}`,
        ]),
      ),
    );
    const [single, cluster] = summary;
    if (single && cluster) {
      const extra = cluster.p99Ms - single.p99Ms;
      console.log(`\ncross-node p99 - single-node p99: ${fmt(extra, 1)} ms (target <= 5 ms): ${extra <= 5 ? "met" : "NOT met"}; lost: ${cluster.lost + single.lost === 0 ? "none" : "SOME"}`);
    }
    const resultsDir = new URL("./results/", import.meta.url).pathname;
    if (!existsSync(resultsDir)) mkdirSync(resultsDir, { recursive: true });
    const file = `${resultsDir}cluster-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
    writeFileSync(file, JSON.stringify({ machine: describeMachine(), flags, summary }, null, 2));
    console.log(`JSON: ${file}`);
  } catch (error) {
    for (const setup of setups) for (const tail of setup.tails) console.error(tail());
    throw error;
  } finally {
    await stopAll();
  }
}

function mergeArrays(parts: Float64Array[]): Float64Array {
  const merged = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    merged.set(part, at);
    at += part.length;
  }
  return merged.sort();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
