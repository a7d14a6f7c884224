// `npm run bench:channels`: one trigger fanned out to 1,000 and 10,000 subscribers of one
// channel over loopback, for our Channels server, a bare `ws` server (the ceiling) and Socket.IO,
// each in its own process, with subscribers in forked client processes. Prints one table per
// subscriber count (absolute numbers and ratios to bare ws) and writes JSON to tests/bench/results/.
//
// Flags: --quick (smaller counts, smoke run), --targets=ws,ours,socketio, --sizes=1000,10000,
// --cpu-prof (writes a V8 CPU profile of our server per scenario to tests/bench/results/profiles/).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { childFdLimit } from "./lib/processes.ts";
import { fmt } from "./lib/table.ts";
import { formatScenarioTable, formatTargets } from "./fanout/report.ts";
import { runPusherJsSanity } from "./fanout/sanity.ts";
import { runScenario, type ScenarioPlan, type ScenarioResult } from "./fanout/scenario.ts";
import { allTargets, oursTarget, type TargetId } from "./fanout/targets.ts";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    targets: { type: "string", default: "ws,ours,socketio" },
    sizes: { type: "string", default: "1000,10000" },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const resultsDir = new URL("./results/", import.meta.url).pathname;
const profileDir = `${resultsDir}profiles`;

/**
 * Counts sized so each phase stays within about 10 s on 2 shared cores: about 600k deliveries
 * saturated; sustained rates well under saturation (20 ev/s x 1,000 = 20k/s; 2 ev/s x 10,000 = 20k/s).
 */
function planFor(subscribers: number): ScenarioPlan {
  const scale = flags.quick ? 0.1 : 1;
  const big = subscribers >= 5000;
  return {
    subscribers,
    workers: big ? 4 : 2,
    saturatedEvents: Math.max(10, Math.round((600_000 / subscribers) * scale)),
    saturatedWindow: 4,
    saturatedCapMs: 25_000,
    sustainedRate: big ? 2 : 20,
    sustainedMs: (flags.quick ? 2 : big ? 8 : 10) * 1000,
    cpuProfileDir: flags["cpu-prof"] ? profileDir : undefined,
  };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Channels fan-out benchmark\n${formatMachine(machine)}`);
  const sizes = (flags.sizes ?? "").split(",").map(Number).filter((n) => n > 0);
  const needed = Math.max(...sizes) + 100;
  const fdLimit = childFdLimit();
  console.log(`fd limit for bench processes: ${fdLimit} (each server holds up to ${fmt(Math.max(...sizes))} sockets; client processes hold their share)`);
  if (fdLimit < needed) throw new Error(`fd hard limit ${fdLimit} is below ${needed}: raise it (ulimit -Hn) before running`);

  const wanted = new Set((flags.targets ?? "").split(","));
  let targets = allTargets.filter((t) => wanted.has(t.id));
  if (wanted.has("ours") && !existsSync(oursTarget.script)) {
    console.log(`\nour Channels server (${oursTarget.script}) is not there yet: measuring the references only`);
    targets = targets.filter((t) => t.id !== "ours");
  }

  mkdirSync(resultsDir, { recursive: true });
  let sanity;
  if (targets.some((t) => t.id === "ours")) {
    sanity = await runPusherJsSanity(5, 20);
    console.log(`\npusher-js sanity (5 real pusher-js clients, 20 events via the pusher SDK): received ${sanity.received}/${sanity.expected}, lost ${sanity.lost}, out of order ${sanity.outOfOrder}, p50 ${fmt(sanity.latency?.p50Ms, 2)} ms, p99 ${fmt(sanity.latency?.p99Ms, 2)} ms`);
  }

  const all = new Map<ScenarioPlan, Map<TargetId, ScenarioResult>>();
  const failures: Array<{ target: TargetId; subscribers: number; error: string }> = [];
  for (const subscribers of sizes) {
    const plan = planFor(subscribers);
    console.log(`\n== ${fmt(subscribers)} subscribers ==`);
    const results = new Map<TargetId, ScenarioResult>();
    for (const target of targets) {
      try {
        results.set(target.id, await runScenario(target, plan, (line) => console.log(line)));
      } catch (error) {
        console.log(`  ${target.label}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
        failures.push({ target: target.id, subscribers, error: String(error) });
      }
    }
    all.set(plan, results);
    console.log(`\n${formatScenarioTable(plan, results)}`);
  }

  const targetsText = formatTargets(all);
  if (targetsText) console.log(`\nTargets (issue 2), ratios from this one run:\n${targetsText}`);
  console.log(
    "\nNotes: all processes share the same cores (server, client workers, driver; other work too), so absolute numbers" +
      "\nmostly measure the clients; compare ratios within one run. Latency = client receive - driver send stamp," +
      "\nboth on CLOCK_MONOTONIC (process.hrtime), which Linux shares across processes. Our server is triggered" +
      "\nthrough the pusher SDK (signed HTTP API); the references through one plain HTTP POST per trigger.",
  );

  const file = `${resultsDir}channels-fanout-${machine.date.replace(/[:.]/g, "-")}.json`;
  const json = { machine, flags, sanity, failures, scenarios: [...all].map(([plan, results]) => ({ plan, results: Object.fromEntries(results) })) };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nJSON: ${file}`);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
