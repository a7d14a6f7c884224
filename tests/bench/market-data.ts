// `npm run bench:market-data`: the market data reads and the market page at 10 thousand, 1 million and
// 10 million trades (issue 11).
//
// First, for each size, bulk-generates a history straight into a migrated SQLite file (market-data/
// generate-history.ts: the same 200-day calendar at every size, candles built by the migration's backfill).
// Then, with every size side by side, in rounds that rotate the sizes (so load from other work on the
// shared cores falls on all of them alike):
// 1. the reads in this process (ticker, candles of each interval, the tape, the book: the functions the
//    page and the JSON routes call), one at a time, each right after another connection committed (so
//    nothing the reader kept answers it), then on unchanged databases: p50 / p99 / reads per second and
//    the CPU time per read;
// 2. the built app as production starts it (scripts/app-server.ts in `start` mode; `next build` first when
//    .next is stale: run under the team's build lock), one per size, each warmed up, with 10 GETs in flight
//    from a separate process while a writer process records trades into every database: the market page
//    and the sign-in page of the same build, alternating, then each JSON re-read route: p50 / p99 /
//    requests per second and the app's CPU time per request.
// Targets: each read's p99 at the largest size <= 1.5x its p99 at the smallest; the market page's
// requests/s >= 0.5x the sign-in page's. Nothing fails on a slow run; the numbers are printed and saved.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { createDbClient } from "../../lib/db-client.ts";
import { generateSecrets } from "../../scripts/lib/local-secrets.ts";
import { freePort } from "../../scripts/lib/processes.ts";
import { appEnvironment, buildIsStale, buildNext, startNextApp } from "../../scripts/lib/stack.ts";
import { pidOnPort, profileProcess } from "./market-data/app-profile.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { readCpuMs, spawnNode } from "./lib/processes.ts";
import { percentile } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import { generateHistory, type GeneratedHistory } from "./market-data/generate-history.ts";
import type { LoadRequest, LoadResult } from "./market-data/http-load.ts";
import { measureReads, type ReadFigures } from "./market-data/measure-reads.ts";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,1000000,10000000" },
    seconds: { type: "string", default: "5" },
    "warmup-seconds": { type: "string", default: "10" },
    "write-rate": { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "10" },
    "reads-per-round": { type: "string", default: "100" },
    "db-dir": { type: "string", default: "/tmp/peatio-bench-market-data" },
    "keep-db": { type: "boolean", default: false },
    "reuse-db": { type: "boolean", default: false },
    "skip-http": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
  },
});

const MARKET_ID = "btcusd";
const sizes = (flags.quick ? "10000,100000" : flags.sizes).split(",").map((text) => Number(text.replace(/_/g, "")));
const seconds = flags.quick ? 3 : Number(flags.seconds);
const warmupSeconds = flags.quick ? 5 : Number(flags["warmup-seconds"]);
const writeRate = Number(flags["write-rate"]);
const rounds = flags.quick ? 1 : Number(flags.rounds);
const concurrency = Number(flags.concurrency);
const readsPerRound = flags.quick ? 50 : Number(flags["reads-per-round"]);

/** One HTTP target's figures. */
interface HttpFigures {
  name: string;
  path: string;
  requests: number;
  errors: number;
  firstError: string | null;
  perSecond: number;
  /** Per round, for the paged targets. */
  roundsPerSecond: number[];
  p50Ms: number;
  p99Ms: number;
  appCpuMsPerRequest: number;
}

/** Everything measured at one size. */
interface SizeResult {
  trades: number;
  generated: GeneratedHistory;
  /** Each read right after another connection committed (nothing it kept applies). */
  reads: ReadFigures[];
  /** Each read of an unchanged database (answered from what the reader kept). */
  readsKept: ReadFigures[];
  http: HttpFigures[];
  loadAverage: number[];
}

const PAGES = [
  { name: "market page", path: `/markets/${MARKET_ID}`, expect: "BTC/USD" },
  { name: "sign-in page", path: "/sign-in", expect: "Sign in" },
];
const ROUTES = [
  { name: "GET ticker", path: `/api/markets/${MARKET_ID}/ticker`, expect: "open24h" },
  ...["1m", "5m", "1h", "1d"].map((interval) => ({ name: `GET candles ${interval}`, path: `/api/markets/${MARKET_ID}/candles?interval=${interval}`, expect: "candles" })),
  { name: "GET state + tape", path: `/api/markets/${MARKET_ID}`, expect: "recentTrades" },
  { name: "GET book", path: `/api/markets/${MARKET_ID}/book`, expect: "asks" },
];

/** Runs one load in a fresh load process; resolves with its result. */
async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const child: ChildProcess = spawnNode(new URL("./market-data/http-load.ts", import.meta.url).pathname, { ipc: true });
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      child.on("message", (message: LoadResult | { ready: true }) => {
        if ("ready" in message) child.send(request);
        else resolve(message);
      });
      child.once("exit", (code) => reject(new Error(`load process exited (${code})`)));
    });
  } finally {
    child.kill();
  }
}

function summarize(name: string, urlPath: string, results: LoadResult[], cpuMs: number): HttpFigures {
  const latencies = results.flatMap((result) => result.latenciesMs).sort((a, b) => a - b);
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const secondsTotal = results.reduce((sum, result) => sum + result.seconds, 0);
  return {
    name,
    path: urlPath,
    requests,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    firstError: results.find((result) => result.firstError !== null)?.firstError ?? null,
    perSecond: requests / secondsTotal,
    roundsPerSecond: results.map((result) => result.requests / result.seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    appCpuMsPerRequest: requests > 0 ? cpuMs / requests : Number.NaN,
  };
}

/** Starts the trade writer process on `files`; stop() resolves with how many trades each got. */
async function startWriter(files: string[], ratePerSecond: number): Promise<{ stop: () => Promise<number> }> {
  const child: ChildProcess = spawnNode(new URL("./market-data/trade-writer.ts", import.meta.url).pathname, { ipc: true, nodeArgs: ["--conditions=react-server"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`trade writer exited (${code})`)));
  });
  child.send({ files, ratePerSecond });
  return {
    stop: () =>
      new Promise<number>((resolve, reject) => {
        child.once("message", (message: { written?: number; error?: string }) => {
          child.kill();
          if (message.error !== undefined) reject(new Error(message.error));
          else resolve(message.written ?? 0);
        });
        child.send("stop");
      }),
  };
}

/** A running app on one size's database. */
interface RunningApp {
  trades: number;
  file: string;
  url: string;
  pid: number | null;
  stop: () => Promise<void>;
}

/** Starts the built app (scripts/app-server.ts, `start` mode) on `file`. */
async function startApp(file: string, trades: number): Promise<RunningApp> {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) base[key] = value;
  for (const key of ["PUSHER_CLUSTER", "PUSHER_URL", "PUSHER_HOST", "PUSHER_PORT", "NEXTAUTH_URL", "PORT", "NODE_ENV", "HOST", "PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"]) delete base[key];
  // Nothing listens on the Channels port: rendering a page or a route never calls the Channels server.
  const env = appEnvironment({ ...base, ...generateSecrets(), DATABASE_URL: `file:${file}`, LOG_LEVEL: "warn", TRUSTED_PROXIES: "" }, appUrl, await freePort()) as Record<string, string>;
  const { child } = await startNextApp({ mode: "start", env, port, host: "127.0.0.1" });
  return { trades, file, url: appUrl, pid: pidOnPort(port), stop: async () => void (await child.stop("SIGTERM")) };
}

/** Measures the pages (alternating, in rounds rotated over the sizes) and then each route of every app. */
async function measureHttp(apps: readonly RunningApp[], profileDir: string | null): Promise<Map<number, HttpFigures[]>> {
  const cpu = (app: RunningApp) => (app.pid === null ? Number.NaN : readCpuMs(app.pid));
  const load = async (app: RunningApp, target: { path: string; expect: string }) => {
    const before = cpu(app);
    const result = await runLoad({ url: `${app.url}${target.path}`, concurrency, warmupMs: 1_000, durationMs: seconds * 1000, expect: target.expect });
    return { result, cpuMs: cpu(app) - before };
  };
  const collected = new Map<string, { results: LoadResult[]; cpuMs: number }>();
  const add = (app: RunningApp, name: string, measured: { result: LoadResult; cpuMs: number }) => {
    const key = `${app.trades}|${name}`;
    const entry = collected.get(key) ?? { results: [], cpuMs: 0 };
    entry.results.push(measured.result);
    entry.cpuMs += measured.cpuMs;
    collected.set(key, entry);
  };
  // Each app warms up first (JIT, module loading, caches) on every target, unmeasured.
  for (const app of apps) {
    for (const target of [...PAGES, ...ROUTES]) {
      await runLoad({ url: `${app.url}${target.path}`, concurrency, warmupMs: 0, durationMs: (warmupSeconds * 1000 * (PAGES.includes(target) ? 1 : 0.2)), expect: target.expect });
    }
  }
  // A live market: every database gets `writeRate` trades a second (with their candles) while measured.
  const writer = writeRate > 0 ? await startWriter(apps.map((app) => app.file), writeRate) : null;
  const profiled = apps.at(-1);
  const profiler = profileDir !== null && profiled?.pid != null ? await profileProcess(profiled.pid) : null;
  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < apps.length; offset += 1) {
      const app = apps[(offset + round) % apps.length]!;
      for (const page of round % 2 === 0 ? PAGES : [...PAGES].reverse()) add(app, page.name, await load(app, page));
    }
  }
  if (profiler !== null && profileDir !== null && profiled) {
    const out = path.join(profileDir, `market-data-app-${profiled.trades}.cpuprofile`);
    writeFileSync(out, await profiler.stop());
    console.log(`CPU profile of the ${fmt(profiled.trades)}-trade app over the page rounds: ${out}\n  (npx tsx tests/bench/summarize-cpu-profile.ts ${out})`);
  }
  for (const route of ROUTES) for (const app of apps) add(app, route.name, await load(app, route));
  if (writer !== null) console.log(`  (${fmt(await writer.stop())} trades written to each database during the measurements)`);
  const figures = new Map<number, HttpFigures[]>();
  for (const app of apps) {
    figures.set(
      app.trades,
      [...PAGES, ...ROUTES].map((target) => {
        const entry = collected.get(`${app.trades}|${target.name}`) ?? { results: [], cpuMs: Number.NaN };
        return summarize(target.name, target.path, entry.results, entry.cpuMs);
      }),
    );
  }
  return figures;
}

function readsTable(results: SizeResult[], which: "reads" | "readsKept"): string {
  const names = results[0]?.[which].map((read) => read.name) ?? [];
  const rows = names.map((name) => [
    name,
    ...results.flatMap((result) => {
      const read = result[which].find((entry) => entry.name === name);
      return [`${fmt(read?.p50Ms, 3)} / ${fmt(read?.p99Ms, 3)}`, fmt(read?.perSecond, 0), `${fmt(read?.cpuP50Ms, 3)} / ${fmt(read?.cpuP99Ms, 3)}`];
    }),
  ]);
  return formatTable(["read (in process)", ...results.flatMap((result) => [`${fmt(result.trades)}: p50 / p99 ms`, "reads/s", "CPU p50 / p99 ms"])], rows);
}

function httpTable(results: SizeResult[]): string {
  const names = results[0]?.http.map((figure) => figure.name) ?? [];
  const rows = names.map((name) => [
    name,
    ...results.flatMap((result) => {
      const figure = result.http.find((entry) => entry.name === name);
      return [`${fmt(figure?.p50Ms, 1)} / ${fmt(figure?.p99Ms, 1)}`, fmt(figure?.perSecond, 1), fmt(figure?.appCpuMsPerRequest, 2), fmt(figure?.errors)];
    }),
  ]);
  return formatTable(["10 concurrent GETs", ...results.flatMap((result) => [`${fmt(result.trades)}: p50 / p99 ms`, "req/s", "app CPU ms/req", "errors"])], rows);
}

function verdicts(results: SizeResult[]): string {
  const smallest = results[0];
  const largest = results.at(-1);
  const lines: string[] = [];
  if (smallest && largest && smallest !== largest) {
    for (const read of largest.reads) {
      const base = smallest.reads.find((entry) => entry.name === read.name);
      const ratio = base ? read.p99Ms / base.p99Ms : Number.NaN;
      const cpuRatio = base ? read.cpuP99Ms / base.cpuP99Ms : Number.NaN;
      lines.push(`${read.name}: p99 at ${fmt(largest.trades)} / p99 at ${fmt(smallest.trades)} = ${fmt(ratio, 2)} (target <= 1.5); CPU p99 ratio ${fmt(cpuRatio, 2)}`);
    }
  }
  for (const result of results) {
    const market = result.http.find((figure) => figure.name === "market page");
    const signIn = result.http.find((figure) => figure.name === "sign-in page");
    if (!market || !signIn) continue;
    const paired = market.roundsPerSecond.map((perSecond, index) => perSecond / (signIn.roundsPerSecond[index] ?? Number.NaN));
    lines.push(
      `${fmt(result.trades)} trades: market page / sign-in page requests/s = ${fmt(market.perSecond / signIn.perSecond, 2)} (rounds ${paired.map((ratio) => fmt(ratio, 2)).join(", ")}; target >= 0.5)`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Market data benchmark (issue 11)\n${formatMachine(machine)}`);
  const resultsDir = new URL("./results/", import.meta.url).pathname;
  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(flags["db-dir"], { recursive: true });
  const generated: Array<{ trades: number; file: string; history: GeneratedHistory }> = [];
  for (const trades of sizes) {
    const file = path.join(flags["db-dir"], `market-${trades}.db`);
    const kept = `${file}.json`;
    if (flags["reuse-db"] && existsSync(file) && existsSync(kept)) {
      // A database kept by an earlier run (--keep-db): its trades end when it was generated.
      const history = JSON.parse(readFileSync(kept, "utf8")) as GeneratedHistory & { generatedAt: string };
      console.log(`\n${fmt(trades)} trades: reusing ${file}, generated ${history.generatedAt} (${fmt((Date.now() - Date.parse(history.generatedAt)) / 60_000, 1)} minutes ago)`);
      generated.push({ trades, file, history });
      continue;
    }
    for (const suffix of ["", "-wal", "-shm", ".json"]) rmSync(`${file}${suffix}`, { force: true });
    console.log(`\n${fmt(trades)} trades: generating ${file} ...`);
    let reported = 0;
    const history = await generateHistory(file, {
      trades,
      now: Date.now(),
      onProgress: (done) => {
        if (done - reported >= 2_000_000) {
          reported = done;
          console.log(`  ${fmt(done)} trades written`);
        }
      },
    });
    console.log(
      `  ${fmt(history.trades)} trades over ${history.spanDays} days, ${fmt(history.doneOrders)} done and ${fmt(history.openOrders)} open orders, ${fmt(history.candleRows)} candle rows, ` +
        `${fmt(history.fileBytes / 2 ** 20)} MiB; load ${fmt(history.loadMs / 1000, 1)} s, indexes ${fmt(history.indexMs / 1000, 1)} s, backfill ${fmt(history.backfillMs / 1000, 1)} s`,
    );
    generated.push({ trades, file, history });
    if (flags["keep-db"]) writeFileSync(kept, JSON.stringify({ ...history, generatedAt: new Date().toISOString() }));
  }

  console.log(`\nReads in this process: ${rounds * 7} rounds of ${readsPerRound} calls per read and size, rotated, each after a commit from another connection; then as many on unchanged databases ...`);
  const clients = generated.map(({ trades, file }) => {
    const other = new Database(file);
    let version = 0;
    return { label: String(trades), client: createDbClient(`file:${file}`), other, touch: () => void other.pragma(`user_version = ${(version += 1)}`) };
  });
  let reads: Awaited<ReturnType<typeof measureReads>>;
  let readsKept: Awaited<ReturnType<typeof measureReads>>;
  try {
    reads = await measureReads(clients, MARKET_ID, { rounds: rounds * 7, perRound: readsPerRound });
    readsKept = await measureReads(clients.map(({ label, client }) => ({ label, client })), MARKET_ID, { rounds: rounds * 7, perRound: readsPerRound });
  } finally {
    for (const { client, other } of clients) {
      await client.$disconnect();
      other.pragma("user_version = 0");
      other.close();
    }
  }

  console.log(`The built app on each size, ${concurrency} GETs in flight from a separate process ...`);
  const apps: RunningApp[] = [];
  let http = new Map<number, HttpFigures[]>();
  if (!flags["skip-http"]) {
    if (buildIsStale()) {
      console.log("next build (stale .next) ...");
      await buildNext(process.env, { echo: false });
    }
    try {
      for (const { trades, file } of generated) apps.push(await startApp(file, trades));
      http = await measureHttp(apps, flags["cpu-prof"] ? resultsDir : null);
    } finally {
      for (const app of apps) await app.stop();
    }
  }
  const results: SizeResult[] = generated.map(({ trades, history }) => ({
    trades,
    generated: history,
    reads: reads.find((entry) => entry.label === String(trades))?.reads ?? [],
    readsKept: readsKept.find((entry) => entry.label === String(trades))?.reads ?? [],
    http: http.get(trades) ?? [],
    loadAverage: describeMachine().loadAverage,
  }));
  if (!flags["keep-db"]) for (const { file } of generated) for (const suffix of ["", "-wal", "-shm", ".json"]) rmSync(`${file}${suffix}`, { force: true });
  console.log(`\nReads in this process, one at a time, each right after another connection committed (p50 / p99 ms, reads/s, CPU per read)\n${readsTable(results, "reads")}`);
  console.log(`\nThe same reads on unchanged databases (answered from what the reader kept)\n${readsTable(results, "readsKept")}`);
  console.log(`\nThe built app on each size, ${concurrency} GETs in flight from a separate process while ${writeRate} trades/s are recorded (${rounds} rounds of ${seconds} s per page and size, alternating; ${seconds} s per route and size)\n${httpTable(results)}`);
  console.log(`\n${verdicts(results)}`);
  console.log("\nThe app, the load process and this driver share the machine's cores with other work.");
  const out = `${resultsDir}market-data-${machine.date.replace(/[:.]/g, "-")}.json`;
  writeFileSync(out, `${JSON.stringify({ machine, loadAverageAtEnd: describeMachine().loadAverage, flags, results: results.map((result) => ({ ...result, http: result.http })) }, null, 2)}\n`);
  console.log(`JSON: ${out}`);
  if (!flags["keep-db"] && existsSync(flags["db-dir"])) rmSync(flags["db-dir"], { recursive: true, force: true });
}

await main();
