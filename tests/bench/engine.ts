// `npm run bench:engine`: our pure matching engine against nodejs-order-book (a benchmark peer
// only) on the same seeded order stream (limit/market mix, 20% cancels, Gaussian prices), each in
// its own process, in interleaved rounds with the order rotated, so load from other work on the
// shared cores falls on all alike. Prints commands/s side by side per round, the paired ratios,
// checks that every engine ended with the same book, and writes JSON to tests/bench/results/.
//
// Flags: --commands=200000, --rounds=5, --passes=3 (timed passes per process, median kept),
// --targets=ours,peer,ours-strings, --quick (50k commands, 3 rounds).
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { spawnNode } from "./lib/processes.ts";
import { ratio } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import { DEFAULT_STREAM } from "./engine-stream.ts";

const { values: flags } = parseArgs({
  options: {
    commands: { type: "string" },
    rounds: { type: "string" },
    passes: { type: "string", default: "3" },
    targets: { type: "string", default: "ours,peer,ours-strings" },
    quick: { type: "boolean", default: false },
  },
});

/** What one worker process reports. */
interface WorkerResult {
  target: string;
  commands: number;
  passMs: number[];
  medianMs: number;
  commandsPerSecond: number;
  trades: number | null;
  book: unknown;
}

const LABELS: Record<string, string> = {
  ours: "ours (engine API, bigint units)",
  "ours-strings": "ours (decimal strings in and out)",
  peer: "nodejs-order-book 10.1.1",
};

function runWorker(target: string, commands: number, passes: number): Promise<WorkerResult> {
  const env = { BENCH_ENGINE_TARGET: target, BENCH_ENGINE_COMMANDS: String(commands), BENCH_ENGINE_PASSES: String(passes) };
  const child = spawnNode("tests/bench/engine-worker.ts", { nodeArgs: ["--expose-gc"], env });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || line === undefined) return reject(new Error(`${target} worker exited ${code}:\n${stdout}\n${stderr}`));
      resolve(JSON.parse(line.slice("RESULT ".length)) as WorkerResult);
    });
  });
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const commands = Number(flags.commands ?? (flags.quick ? 50_000 : DEFAULT_STREAM.commands));
  const rounds = Number(flags.rounds ?? (flags.quick ? 3 : 5));
  const passes = Number(flags.passes);
  const targets = (flags.targets ?? "").split(",").filter((t) => t in LABELS);
  const machine = describeMachine();
  console.log(`Matching engine benchmark\n${formatMachine(machine)}`);
  console.log(
    `stream      ${fmt(commands)} commands, seed ${DEFAULT_STREAM.seed}: ${DEFAULT_STREAM.cancelShare * 100}% cancels, ` +
      `${DEFAULT_STREAM.marketShare * 100}% of orders at market, prices N(500.00 -+ ${DEFAULT_STREAM.halfSpreadTicks / 100}, ${DEFAULT_STREAM.sdTicks / 100}), ` +
      `sizes 0.001..${DEFAULT_STREAM.maxLots / 1000}, ${DEFAULT_STREAM.members} members (self-trade: cancel the resting order, both)`,
  );
  console.log(`method      each target in its own process: 1 warm-up pass, then ${passes} timed passes on a fresh book (median); ${rounds} rounds, order rotated\n`);

  const results: WorkerResult[][] = [];
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] ?? "ours");
    const byTarget: WorkerResult[] = [];
    for (const target of order) byTarget.push(await runWorker(target, commands, passes));
    results.push(byTarget);
    const line = order.map((t) => `${t} ${fmt(byTarget.find((r) => r.target === t)?.commandsPerSecond)}/s`).join(", ");
    console.log(`round ${round + 1}/${rounds}: ${line}`);
  }

  const perTarget = (target: string) => results.map((round) => round.find((r) => r.target === target));
  const books = new Set(results.flat().map((r) => JSON.stringify(r.book)));
  const headers = ["round", ...targets.map((t) => `${t} cmd/s`), ...targets.filter((t) => t !== "peer").map((t) => `${t}/peer`)];
  const rows = results.map((round, i) => {
    const rate = (t: string) => round.find((r) => r.target === t)?.commandsPerSecond;
    return [String(i + 1), ...targets.map((t) => fmt(rate(t))), ...targets.filter((t) => t !== "peer").map((t) => fmt(ratio(rate(t), rate("peer")), 2))];
  });
  const pairedRatios = (t: string) => results.map((round) => ratio(round.find((r) => r.target === t)?.commandsPerSecond, round.find((r) => r.target === "peer")?.commandsPerSecond));
  rows.push([
    "median",
    ...targets.map((t) => fmt(median(perTarget(t).map((r) => r?.commandsPerSecond ?? Number.NaN)))),
    ...targets.filter((t) => t !== "peer").map((t) => fmt(median(pairedRatios(t)), 2)),
  ]);
  console.log(`\n${formatTable(headers, rows)}\n`);
  for (const t of targets) console.log(`${t.padEnd(13)} ${LABELS[t]}`);
  const trades = results.flat().find((r) => r.trades !== null)?.trades;
  console.log(`\nsame final book in every process: ${books.size === 1 ? "yes" : `NO (${books.size} different books)`}; trades per pass (ours): ${fmt(trades ?? Number.NaN)}`);
  if (targets.includes("ours") && targets.includes("peer")) {
    const ratios = pairedRatios("ours");
    console.log(`target ours >= 1.0x peer: median paired ratio ${fmt(median(ratios), 2)} (rounds ${fmt(Math.min(...ratios), 2)}..${fmt(Math.max(...ratios), 2)})`);
  }

  const resultsDir = new URL("./results/", import.meta.url).pathname;
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}engine-${machine.date.replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ machine, stream: { ...DEFAULT_STREAM, commands }, passes, rounds, results, sameBook: books.size === 1 }, null, 2));
  console.log(`JSON: ${file}`);
  if (books.size !== 1) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
