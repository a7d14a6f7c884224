// `npm run bench:channels`: one trigger fanned out to 1,000 and 10,000 subscribers of one
// channel over loopback, then the exchange feed (a batch_events of 10 across a market's channels to
// 1,000 subscribers of all of them), for our Channels server, a bare `ws` server (the ceiling) and
// Socket.IO, each in its own process, with subscribers in forked client processes. Prints one table
// per scenario (absolute numbers and ratios to bare ws) and writes JSON to tests/bench/results/.
// The three servers run side by side and every phase runs in interleaved rounds, so load from
// other work on the shared cores lands on all three alike.
//
// Flags: --quick (smaller counts, smoke run), --targets=ws,ours,socketio, --sizes=1000,10000 (empty:
// no single-event scenario), --feed=1000 (subscribers of the exchange feed; 0 skips it),
// --feed-levels=10 (book levels a side in its book updates), --server-root=DIR (our server from another
// checkout, e.g. a `git archive` of an older commit, for before/after figures),
// --cpu-prof (V8 CPU profile of every server per scenario in tests/bench/results/profiles/, named
// CPU.<date>.<time>.<pid>.<thread>...; match pids with the log; summarize-cpu-profile.ts reads one),
// --console-watcher (an operator subscribed to our server's debug console log channel throughout).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { childFdLimit, repoRoot } from "./lib/processes.ts";
import { fmt } from "./lib/table.ts";
import { withoutSamples } from "./fanout/aggregate.ts";
import { formatScenarioTable, formatTargets } from "./fanout/report.ts";
import { runPusherJsSanity } from "./fanout/sanity.ts";
import { runArena, type ScenarioFailure, type ScenarioPlan, type ScenarioResult } from "./fanout/arena.ts";
import { FeedBatches, feedBatchSize, feedChannels } from "./fanout/feed.ts";
import { singleEvent, type LoadShape } from "./fanout/phases.ts";
import { allTargets, oursTargetAt, type TargetId, type TargetSpec } from "./fanout/targets.ts";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    targets: { type: "string", default: "ws,ours,socketio" },
    sizes: { type: "string", default: "1000,10000" },
    feed: { type: "string", default: "1000" },
    "feed-levels": { type: "string", default: "10" },
    "server-root": { type: "string" },
    "cpu-prof": { type: "boolean", default: false },
    "console-watcher": { type: "boolean", default: false },
  },
});

const resultsDir = new URL("./results/", import.meta.url).pathname;
const profileDir = `${resultsDir}profiles`;

/**
 * Sized so the whole run stays within a few minutes on 2 shared cores: per server, 5 rounds of
 * about 120k deliveries saturated, and 6 rounds of 2 s at sustained rates well under saturation
 * (20 ev/s x 1,000 = 20k deliveries/s; 2 ev/s x 10,000 = 20k deliveries/s).
 */
function planFor(subscribers: number): ScenarioPlan {
  const scale = flags.quick ? 0.2 : 1;
  const big = subscribers >= 5000;
  return {
    kind: "fan-out",
    shape: singleEvent,
    subscribers,
    workers: big ? 4 : 2,
    rounds: 5,
    sustainedRounds: flags.quick ? 3 : 6,
    saturatedTriggersPerRound: Math.max(5, Math.round((120_000 / subscribers) * scale)),
    saturatedWindow: 4,
    saturatedCapMs: 15_000,
    sustainedRate: big ? 2 : 20,
    sustainedMsPerRound: (flags.quick ? 1 : 2) * 1000,
    cpuProfileDir: flags["cpu-prof"] ? profileDir : undefined,
    consoleWatcher: flags["console-watcher"],
  };
}

/**
 * The exchange feed: each trigger a batch of 10 events across a market's channels (every subscriber on all of
 * them), so each trigger is 10 deliveries per subscriber. Saturated rounds of 30 batches (300k deliveries at
 * 1,000 subscribers); sustained 2 batches/s (20 events/s: the same 20k deliveries/s as the 1,000-subscriber fan-out).
 */
function feedPlan(subscribers: number, levels: number): ScenarioPlan {
  const scale = flags.quick ? 0.2 : 1;
  const batches = new FeedBatches(levels);
  const shape: LoadShape = { eventsPerTrigger: feedBatchSize, send: (trigger, seq, t) => trigger.sendBatch(batches.make(seq, t)) };
  console.log(`exchange feed: ${feedBatchSize} events a batch, ${fmt(batches.dataBytes())} bytes of event data a batch (book updates with ${levels} levels a side)`);
  return {
    kind: "exchange feed",
    shape,
    channels: [...feedChannels],
    subscribers,
    workers: 2,
    rounds: 5,
    sustainedRounds: flags.quick ? 3 : 6,
    saturatedTriggersPerRound: Math.max(5, Math.round(((300_000 / subscribers) * scale) / feedBatchSize)),
    saturatedWindow: 4,
    saturatedCapMs: 15_000,
    sustainedRate: 2,
    sustainedMsPerRound: (flags.quick ? 1 : 2) * 1000,
    cpuProfileDir: flags["cpu-prof"] ? profileDir : undefined,
    consoleWatcher: flags["console-watcher"],
  };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Channels fan-out benchmark\n${formatMachine(machine)}`);
  const sizes = (flags.sizes ?? "").split(",").map(Number).filter((n) => n > 0);
  const feedSubscribers = Number(flags.feed ?? 0) || 0;
  const largest = Math.max(0, feedSubscribers, ...sizes);
  const needed = largest + 100;
  const fdLimit = childFdLimit();
  console.log(`fd limit for bench processes: ${fdLimit} (each server holds up to ${fmt(largest)} sockets; client processes hold their share)`);
  if (fdLimit < needed) throw new Error(`fd hard limit ${fdLimit} is below ${needed}: raise it (ulimit -Hn) before running`);

  const wanted = new Set((flags.targets ?? "").split(","));
  const ours = oursTargetAt(path.resolve(flags["server-root"] ?? repoRoot));
  let targets: TargetSpec[] = allTargets.filter((t) => wanted.has(t.id)).map((t) => (t.id === "ours" ? ours : t));
  if (flags["server-root"]) console.log(`our server from ${ours.cwd}`);
  if (wanted.has("ours") && !existsSync(ours.script)) {
    console.log(`\nour Channels server (${ours.script}) is not there yet: measuring the references only`);
    targets = targets.filter((t) => t.id !== "ours");
  }

  mkdirSync(resultsDir, { recursive: true });
  let sanity;
  const failures: ScenarioFailure[] = [];
  if (targets.some((t) => t.id === "ours")) {
    try {
      sanity = withoutSamples(await runPusherJsSanity(ours, 5, 20));
    } catch (error) {
      failures.push({ target: "ours", subscribers: 5, error: `pusher-js sanity: ${String(error)}` });
      console.log(`\npusher-js sanity FAILED: ${String(error)}`);
    }
  }
  if (sanity) {
    console.log(`\npusher-js sanity (5 real pusher-js clients, 20 events via the pusher SDK): received ${sanity.received}/${sanity.expected}, lost ${sanity.lost}, out of order ${sanity.outOfOrder}, p50 ${fmt(sanity.latency?.p50Ms, 2)} ms, p99 ${fmt(sanity.latency?.p99Ms, 2)} ms`);
  }
  const feed = feedSubscribers > 0 ? feedPlan(feedSubscribers, Number(flags["feed-levels"]) || 10) : undefined;
  let feedSanity;
  if (feed && targets.some((t) => t.id === "ours")) {
    try {
      feedSanity = withoutSamples(await runPusherJsSanity(ours, 5, 20, { shape: feed.shape, channels: feed.channels ?? [] }));
      const s = feedSanity;
      console.log(`pusher-js feed sanity (5 pusher-js clients on ${feed.channels?.join(", ")}, 20 batches of ${feedBatchSize}): received ${s.received}/${s.expected}, lost ${s.lost}, out of order ${s.outOfOrder}`);
    } catch (error) {
      failures.push({ target: "ours", subscribers: 5, error: `pusher-js feed sanity: ${String(error)}` });
      console.log(`\npusher-js feed sanity FAILED: ${String(error)}`);
    }
  }

  const all = new Map<ScenarioPlan, Map<TargetId, ScenarioResult>>();
  const plans = sizes.map(planFor);
  if (feed) plans.push(feed);
  for (const plan of plans) {
    const what = plan.kind === "exchange feed" ? `exchange feed, ${fmt(plan.subscribers)} subscribers` : `${fmt(plan.subscribers)} subscribers`;
    console.log(`\n== ${what} (load average now ${describeMachine().loadAverage.join(" ")}) ==`);
    const outcome = await runArena(targets, plan, (line) => console.log(line));
    failures.push(...outcome.failures);
    all.set(plan, outcome.results);
    console.log(`\n${formatScenarioTable(plan, outcome.results)}`);
  }

  const targetsText = formatTargets(all);
  if (targetsText) console.log(`\nTargets (issues 2 and 11), ratios from this one run:\n${targetsText}`);
  console.log(
    "\nNotes: all processes share the same cores (server, client workers, driver; other work too), so absolute numbers" +
      "\nmostly measure the clients; compare ratios within one run. Latency = client receive - driver send stamp," +
      "\nboth on CLOCK_MONOTONIC (process.hrtime), which Linux shares across processes. Our server is triggered" +
      "\nthrough the pusher SDK (signed HTTP API); the references through one plain HTTP POST per trigger.",
  );

  const file = `${resultsDir}channels-fanout-${machine.date.replace(/[:.]/g, "-")}.json`;
  const json = { machine, flags, sanity, feedSanity, failures, scenarios: [...all].map(([plan, results]) => ({ plan, results: Object.fromEntries(results) })) };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nJSON: ${file}`);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
