// `npm run bench:app`: the app's order path, measured through the real order form's server action.
//
// Starts its own stack with the e2e harness (temp SQLite DB migrated and seeded, our Channels server, the
// built app started as production starts it: scripts/app-server.ts in `start` mode; `next build` first
// when .next is stale: run under the team's build lock on shared machines), adds bench members with
// large grants, and signs them in through the sign-in form's action from separate load processes.
//
// 1. Latency (trade -> price shown): at a few trades per second, one member rests a sell at a unique
//    price inside the spread and another buys it (a crossing order: matching makes the trade), both
//    through placeOrderAction; 100 subscribers see the price: Chromium market pages (the last-price DOM
//    node) and pusher-js Node clients in separate processes (price_channel/update).
// 2. Throughput: concurrent signed-in clients in separate processes post orders through placeOrderAction
//    back to back (limit buys and sells around the mid: some cross and trade, the rest rest), in rounds
//    interleaved with the same clients marking their notifications read (markNotificationsReadAction:
//    session check plus one update, the cheapest authenticated write: the framework's floor).
// 3. Audit: every accepted answer is one stored order with that client key, no key twice, no order for
//    an answer that was not "accepted"; funds (balance + locked per currency) unchanged.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { buildIsStale, buildNext, REPO_ROOT, tsxCommand } from "../../scripts/lib/stack.ts";
import { startTestStack, type TestStack } from "../e2e/support/stack.ts";
import { sleep } from "./lib/clock.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { readCpuMs } from "./lib/processes.ts";
import { percentile } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import { pidListeningOn } from "./app/app-process.ts";
import { startRemoteProfile } from "./app/cpu-profiler.ts";
import { clockOffset, frameStamps, launchChromium, openWatcher, rowStamps, shownStamps } from "./app/browser-pages.ts";
import { firstSeen, groupLatency, type GroupLatency, type SubscriberTimeline } from "./app/latency.ts";
import { auditOrders, databaseFileOf, readFundsTotals, type OrderAudit } from "./app/order-audit.ts";
import { DEFAULT_MIX, decimalsOf, formatSteps, toTicks } from "./app/order-mix.ts";
import { OrderPool, type TradeAnswer } from "./app/order-pool.ts";
import type { RequestRecord } from "./app/order-worker.ts";
import { findActionId, type ActionName } from "./app/server-actions.ts";
import { SubscriberPool } from "./app/subscriber-pool.ts";
import { priceKey, wallNowMs } from "./app/wall-clock.ts";

const { values: flags } = parseArgs({
  options: {
    rates: { type: "string", default: "1,2,4" },
    seconds: { type: "string", default: "10" },
    subscribers: { type: "string", default: "100" },
    pages: { type: "string", default: "4" },
    clients: { type: "string", default: "8" },
    workers: { type: "string", default: "2" },
    rounds: { type: "string", default: "5" },
    "round-seconds": { type: "string", default: "8" },
    "warmup-seconds": { type: "string", default: "3" },
    kinds: { type: "string", default: "floor,orders" },
    "cpu-prof": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
  },
});

const execFileAsync = promisify(execFile);
const MARKET_ID = "btcusd";
const MARKET_PATH = `/markets/${MARKET_ID}`;
const MEMBER_PREFIX = "bench";
const ACTIONS = {
  signIn: { filename: "app/(auth)/sign-in/sign-in-action.ts", exportedName: "signInAction" },
  placeOrder: { filename: "app/markets/[marketId]/place-order-action.ts", exportedName: "placeOrderAction" },
  markRead: { filename: "app/_components/notification-actions.ts", exportedName: "markNotificationsReadAction" },
} satisfies Record<string, ActionName>;

const quick = flags.quick === true;
const rates = quick ? [2] : (flags.rates ?? "").split(",").map(Number).filter((r) => r > 0);
const latencySeconds = quick ? 5 : Number(flags.seconds);
const totalSubscribers = Number(flags.subscribers);
const pageCount = Number(flags.pages);
const clients = Number(flags.clients);
const workers = Number(flags.workers);
const rounds = quick ? 1 : Number(flags.rounds);
const roundMs = (quick ? 5 : Number(flags["round-seconds"])) * 1000;
const warmupMs = Number(flags["warmup-seconds"]) * 1000;
const kinds = (flags.kinds ?? "").split(",").filter((kind): kind is "floor" | "orders" => kind === "floor" || kind === "orders");

/** The build's id of each action the bench calls; refuses to run when the build lacks one. */
function resolveActions(): Record<keyof typeof ACTIONS, string> {
  const ids = {} as Record<keyof typeof ACTIONS, string>;
  for (const [key, action] of Object.entries(ACTIONS) as Array<[keyof typeof ACTIONS, ActionName]>) {
    const found = findActionId(REPO_ROOT, action);
    if (found === null) throw new Error(`the build has no server action ${action.exportedName} of ${action.filename} (no page's client component imports it)`);
    if (key !== "signIn" && !found.pages.includes("app/markets/[marketId]/page")) console.warn(`note: ${action.exportedName} is not in the market page's bundle (Next forwards the call to a page that has it)`);
    ids[key] = found.id;
  }
  return ids;
}

/** Adds `count` bench members with large grants to the stack's DB (a child script, as the seed runs). */
async function seedMembers(stack: TestStack, count: number): Promise<{ emails: string[]; password: string }> {
  const { command, args } = tsxCommand("tests/bench/app/seed-bench-members.ts", [String(count), MEMBER_PREFIX]);
  const { stdout } = await execFileAsync(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...stack.env, DATABASE_URL: stack.databaseUrl } });
  const line = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as { emails: string[]; password: string };
}

/** The market's book as the public route gives it. */
async function readBook(appUrl: string): Promise<{ bestBid: string; bestAsk: string; tickSize: string; lotSize: string }> {
  const response = await fetch(`${appUrl}/api/markets/${MARKET_ID}/book`);
  if (!response.ok) throw new Error(`GET book answered ${response.status}`);
  const book = (await response.json()) as { bids: Array<[string, string]>; asks: Array<[string, string]>; tickSize: string; lotSize: string };
  const bestBid = book.bids[0]?.[0];
  const bestAsk = book.asks[0]?.[0];
  if (bestBid === undefined || bestAsk === undefined) throw new Error("the seeded book has an empty side");
  return { bestBid, bestAsk, tickSize: book.tickSize, lotSize: book.lotSize };
}

// ---------------------------------------------------------------------------------------------------
// Phase 1: trade -> price shown.

interface LatencyRun {
  rate: number;
  trades: Array<{ price: string; answer: TradeAnswer }>;
  elapsedMs: number;
}

/** Places `prices.length` maker/taker pairs at `rate` per second; pairs overlap when the app is slower than the rate. */
async function tradeAtRate(pool: OrderPool, rate: number, prices: string[], volume: string): Promise<LatencyRun> {
  const trades: LatencyRun["trades"] = [];
  const inFlight: Array<Promise<void>> = [];
  const start = wallNowMs();
  for (let i = 0; i < prices.length; i += 1) {
    const wait = start + (i * 1000) / rate - wallNowMs();
    if (wait > 0) await sleep(wait);
    const price = prices[i] ?? "";
    // Prices rise through the run, so a taker's buy can only meet its own maker's sell (the lowest ask).
    inFlight.push(pool.trade({ maker: 0, taker: 1, price, volume }).then((answer) => void trades.push({ price, answer })));
  }
  await Promise.all(inFlight);
  return { rate, trades, elapsedMs: wallNowMs() - start };
}

function latencyRow(label: string, group: GroupLatency): string[] {
  const missing = group.superseded > 0 ? `${fmt(group.missing)} (${fmt(group.superseded)} superseded)` : fmt(group.missing);
  return [label, fmt(group.subscribers), fmt(group.p50Ms, 1), fmt(group.p99Ms, 1), fmt(group.maxMs, 1), `${fmt(group.seen)}/${fmt(group.expected)}`, missing];
}

async function measureLatency(stack: TestStack, pool: OrderPool): Promise<{ clock: { offsetMs: number; uncertaintyMs: number }; results: unknown[]; acceptedKeys: string[] }> {
  const book = await readBook(stack.appUrl);
  const priceDecimals = decimalsOf(book.tickSize);
  const bid = toTicks(book.bestBid, priceDecimals);
  const ask = toTicks(book.bestAsk, priceDecimals);
  const counts = rates.map((rate) => Math.max(3, Math.round(rate * latencySeconds)));
  const total = counts.reduce((sum, n) => sum + n, 0);
  const step = Math.floor((ask - bid - 2) / (total + 1));
  if (step < 1) throw new Error(`the spread ${book.bestBid}-${book.bestAsk} has no room for ${total} unique trade prices`);
  const prices = Array.from({ length: total }, (_, i) => formatSteps(bid + 1 + step * (i + 1), priceDecimals));
  const volume = formatSteps(10, decimalsOf(book.lotSize));

  let browser: Browser | undefined;
  let subscribers: SubscriberPool | undefined;
  try {
    browser = await launchChromium();
    const watchers: Page[] = [];
    for (let i = 0; i < pageCount; i += 1) watchers.push(await openWatcher(browser, `${stack.appUrl}${MARKET_PATH}`));
    const nodeCount = totalSubscribers - pageCount;
    subscribers = await SubscriberPool.start({ key: stack.env.PUSHER_KEY ?? "", host: "127.0.0.1", port: stack.channelsPort, channel: "price_channel", event: "update" }, nodeCount, 2);
    const clock = await clockOffset(watchers[0] as Page, wallNowMs);
    console.log(`\nlatency phase: ${pageCount} Chromium market pages + ${nodeCount} pusher-js Node clients (2 processes) subscribed; trades at ${prices[0]}..${prices[prices.length - 1]} inside the seeded spread ${book.bestBid}-${book.bestAsk}`);
    console.log(`clock check: Chromium page - Node = ${clock.offsetMs.toFixed(2)} ms (+/- ${clock.uncertaintyMs.toFixed(2)} ms)`);

    const runs: LatencyRun[] = [];
    let next = 0;
    for (const [i, rate] of rates.entries()) {
      const count = counts[i] ?? 0;
      runs.push(await tradeAtRate(pool, rate, prices.slice(next, next + count), volume));
      next += count;
      await sleep(1500);
    }

    const pageTimelines: SubscriberTimeline[] = [];
    const frameTimelines: SubscriberTimeline[] = [];
    for (const page of watchers) {
      pageTimelines.push({ kind: "chromium", firstSeen: firstSeen(await shownStamps(page)), rowSeen: firstSeen(await rowStamps(page)) });
      frameTimelines.push({ kind: "chromium", firstSeen: firstSeen(await frameStamps(page)) });
    }
    const byNode = new Map<string, Map<number, number>>();
    for (const d of await subscribers.deliveries()) {
      const seen = byNode.get(d.subscriber) ?? new Map<number, number>();
      if (!seen.has(d.key)) seen.set(d.key, d.at);
      byNode.set(d.subscriber, seen);
    }
    const nodeTimelines: SubscriberTimeline[] = Array.from({ length: nodeCount }, (_, i) => ({ kind: "pusher-js", firstSeen: [...byNode.values()][i] ?? new Map() }));

    const acceptedKeys: string[] = [];
    const results = runs.map((run) => {
      const traded = run.trades.filter((t) => t.answer.taker === "placed" && t.answer.fills > 0);
      const notTraded = run.trades.filter((t) => !traded.includes(t)).map((t) => `${t.price}: maker ${t.answer.maker}, taker ${t.answer.taker}, ${t.answer.fills} fills`);
      for (const t of run.trades) acceptedKeys.push(...t.answer.acceptedKeys);
      const submitted = new Map(traded.map((t) => [priceKey(t.price), t.answer.sentAt]));
      const roundTrips = traded.map((t) => t.answer.ms).sort((a, b) => a - b);
      return {
        rate: run.rate,
        trades: traded.length,
        notTraded,
        achievedPerSec: run.trades.length / (run.elapsedMs / 1000),
        takerRoundTrip: { n: roundTrips.length, p50Ms: percentile(roundTrips, 50), p99Ms: percentile(roundTrips, 99) },
        chromium: groupLatency(pageTimelines, submitted),
        chromiumFrames: groupLatency(frameTimelines, submitted),
        pusherJs: groupLatency(nodeTimelines, submitted),
        all: groupLatency([...pageTimelines, ...nodeTimelines], submitted),
      };
    });
    for (const result of results) {
      const failed = result.notTraded.length > 0 ? `, ${result.notTraded.length} did not trade (${result.notTraded.slice(0, 3).join("; ")})` : "";
      console.log(`\n${result.rate} trades/s requested: ${result.trades} trades${failed}, ${fmt(result.achievedPerSec, 2)}/s submitted (crossing order sent -> price shown, ms)`);
      console.log(`taker's placeOrderAction round trip (${result.takerRoundTrip.n} requests): p50 ${fmt(result.takerRoundTrip.p50Ms, 1)} ms, p99 ${fmt(result.takerRoundTrip.p99Ms, 1)} ms`);
      console.log(
        formatTable(
          ["subscribers", "n", "p50 ms", "p99 ms", "max ms", "seen/expected", "missing"],
          [
            latencyRow("Chromium pages (DOM change)", result.chromium),
            latencyRow("  same pages, socket frame received", result.chromiumFrames),
            latencyRow("pusher-js Node clients (event)", result.pusherJs),
            latencyRow(`all ${totalSubscribers} subscribers`, result.all),
          ],
        ),
      );
    }
    return { clock, results, acceptedKeys };
  } finally {
    await subscribers?.stop();
    await browser?.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Phase 2: orders against the floor.

type Kind = "floor" | "orders";

interface RunSummary {
  kind: Kind;
  round: number;
  durationMs: number;
  /** Accepted answers received within the run's window, per second. */
  acceptedPerSec: number;
  accepted: number;
  refused: number;
  failed: number;
  /** Orders only: accepted orders that traded (had fills as the taker), and their fills. */
  crossed: number;
  fills: number;
  serverCpuMsPerAccepted: number;
  /** CPU of our Channels server (receiving the announced events) per accepted request. */
  channelsCpuMsPerAccepted: number;
  latencies: number[];
  refusals: Record<string, number>;
}

function summarize(kind: Kind, round: number, startAt: number, durationMs: number, records: RequestRecord[], cpuMs: number, channelsCpuMs: number): RunSummary {
  const endAt = startAt + durationMs;
  const accepted = records.filter((r) => r.outcome === "accepted");
  const refusals: Record<string, number> = {};
  for (const r of records) if (r.outcome !== "accepted") refusals[`${r.outcome}: ${r.detail}`] = (refusals[`${r.outcome}: ${r.detail}`] ?? 0) + 1;
  return {
    kind,
    round,
    durationMs,
    acceptedPerSec: accepted.filter((r) => r.sentAt + r.ms <= endAt).length / (durationMs / 1000),
    accepted: accepted.length,
    refused: records.filter((r) => r.outcome === "refused").length,
    failed: records.filter((r) => r.outcome === "failed").length,
    crossed: accepted.filter((r) => (r.fills ?? 0) > 0).length,
    fills: accepted.reduce((sum, r) => sum + (r.fills ?? 0), 0),
    serverCpuMsPerAccepted: accepted.length > 0 ? cpuMs / accepted.length : Number.NaN,
    channelsCpuMsPerAccepted: accepted.length > 0 ? channelsCpuMs / accepted.length : Number.NaN,
    latencies: accepted.map((r) => r.ms),
    refusals,
  };
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function measureThroughput(stack: TestStack, pool: OrderPool, appPid: number | null, channelsPid: number | null): Promise<{ runs: RunSummary[]; acceptedKeys: string[]; mid: string }> {
  const book = await readBook(stack.appUrl);
  const priceDecimals = decimalsOf(book.tickSize);
  const midTicks = Math.round((toTicks(book.bestBid, priceDecimals) + toTicks(book.bestAsk, priceDecimals)) / 2);
  const mid = formatSteps(midTicks, priceDecimals);
  const steps = { tickSize: book.tickSize, lotSize: book.lotSize };
  const mix = { ...DEFAULT_MIX, midTicks };
  console.log(`\nthroughput phase: ${clients} signed-in clients in ${workers} processes, closed loop; ${rounds} rounds of ${roundMs / 1000} s per kind (interleaved), ${warmupMs / 1000} s warm-up each`);
  console.log(`order mix: limit buys N(mid - ${mix.halfSpread * 100}%, ${mix.sd * 100}%) and sells N(mid + ${mix.halfSpread * 100}%, ${mix.sd * 100}%) around mid ${mid}, ${formatSteps(mix.minLots, decimalsOf(book.lotSize))}-${formatSteps(mix.maxLots, decimalsOf(book.lotSize))} ${MARKET_ID.slice(0, 3).toUpperCase()}`);
  const acceptedKeys: string[] = [];
  const runs: RunSummary[] = [];
  let seed = 1;
  const runOnce = async (kind: Kind, round: number, durationMs: number): Promise<RunSummary> => {
    const cpuBefore = appPid === null ? Number.NaN : readCpuMs(appPid);
    const channelsCpuBefore = channelsPid === null ? Number.NaN : readCpuMs(channelsPid);
    const { startAt, records } = await pool.run({ kind, durationMs, steps, mix, seed: (seed += 1) });
    const cpuAfter = appPid === null ? Number.NaN : readCpuMs(appPid);
    const channelsCpuAfter = channelsPid === null ? Number.NaN : readCpuMs(channelsPid);
    for (const r of records) if (r.outcome === "accepted" && r.clientKey !== undefined) acceptedKeys.push(r.clientKey);
    const summary = summarize(kind, round, startAt, durationMs, records, cpuAfter - cpuBefore, channelsCpuAfter - channelsCpuBefore);
    const p = [...summary.latencies].sort((a, b) => a - b);
    console.log(
      `  ${round === 0 ? "warm-up" : `round ${round}`} ${kind.padEnd(6)}: ${fmt(summary.acceptedPerSec, 1)} accepted/s, p50 ${fmt(percentile(p, 50), 1)} ms, p99 ${fmt(percentile(p, 99), 1)} ms` +
        `${summary.refused + summary.failed > 0 ? `, ${JSON.stringify(summary.refusals)}` : ""}, server CPU ${fmt(summary.serverCpuMsPerAccepted, 2)} ms/accepted, Channels server ${fmt(summary.channelsCpuMsPerAccepted, 2)}`,
    );
    return summary;
  };
  for (const kind of kinds) if (warmupMs > 0) await runOnce(kind, 0, warmupMs);
  const profiler = flags["cpu-prof"] && appPid !== null ? await startRemoteProfile(appPid) : null;
  for (let round = 1; round <= rounds; round += 1) {
    const order: Kind[] = round % 2 === 1 ? kinds : [...kinds].reverse();
    for (const kind of order) runs.push(await runOnce(kind, round, roundMs));
  }
  if (profiler) {
    const file = `${new URL("./results/profiles/", import.meta.url).pathname}app-${kinds.join("-")}-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await profiler.stop());
    console.log(`CPU profile of the app process over the measured rounds: ${file}\n  (npx tsx tests/bench/summarize-cpu-profile.ts ${file})`);
  }
  return { runs, acceptedKeys, mid };
}

/** One kind's figures over the measured rounds. */
interface KindSummary {
  medianPerSec: number;
  minPerSec: number;
  maxPerSec: number;
  pooledPerSec: number;
  p50Ms: number;
  p99Ms: number;
  accepted: number;
  refused: number;
  failed: number;
  crossedShare: number;
  fills: number;
  serverCpuMsPerAccepted: number;
  channelsCpuMsPerAccepted: number;
}

function throughputTable(runs: RunSummary[]): { table: string; summary: Partial<Record<Kind, KindSummary>>; ratios: number[]; pooledRatio: number; cpuRatio: number } {
  const summary: Partial<Record<Kind, KindSummary>> = {};
  const rows: string[][] = [];
  for (const kind of ["floor", "orders"] as const) {
    const mine = runs.filter((r) => r.kind === kind);
    if (mine.length === 0) continue;
    const latencies = mine.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const perSec = mine.map((r) => r.acceptedPerSec);
    const accepted = mine.reduce((sum, r) => sum + r.accepted, 0);
    const crossed = mine.reduce((sum, r) => sum + r.crossed, 0);
    const s: KindSummary = {
      medianPerSec: median(perSec),
      minPerSec: Math.min(...perSec),
      maxPerSec: Math.max(...perSec),
      pooledPerSec: mine.reduce((sum, r) => sum + r.acceptedPerSec * r.durationMs, 0) / mine.reduce((sum, r) => sum + r.durationMs, 0),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      accepted,
      refused: mine.reduce((sum, r) => sum + r.refused, 0),
      failed: mine.reduce((sum, r) => sum + r.failed, 0),
      crossedShare: accepted > 0 ? crossed / accepted : Number.NaN,
      fills: mine.reduce((sum, r) => sum + r.fills, 0),
      serverCpuMsPerAccepted: median(mine.map((r) => r.serverCpuMsPerAccepted)),
      channelsCpuMsPerAccepted: median(mine.map((r) => r.channelsCpuMsPerAccepted)),
    };
    summary[kind] = s;
    const label = kind === "floor" ? "floor: markNotificationsReadAction" : "orders: placeOrderAction";
    rows.push([label, fmt(s.medianPerSec, 1), `${fmt(s.minPerSec, 1)}-${fmt(s.maxPerSec, 1)}`, fmt(s.p50Ms, 1), fmt(s.p99Ms, 1), fmt(s.accepted), fmt(s.refused), fmt(s.failed), fmt(s.serverCpuMsPerAccepted, 2), fmt(s.channelsCpuMsPerAccepted, 2)]);
  }
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const floor = runs.find((r) => r.round === round && r.kind === "floor");
    const orders = runs.find((r) => r.round === round && r.kind === "orders");
    if (floor && orders && floor.acceptedPerSec > 0) ratios.push(orders.acceptedPerSec / floor.acceptedPerSec);
  }
  const table = formatTable(["", "accepted/s (median)", "rounds", "p50 ms", "p99 ms", "accepted", "refused", "failed", "server CPU ms/accepted", "Channels server CPU ms/accepted"], rows);
  const { floor, orders } = summary;
  const pooledRatio = floor && orders ? orders.pooledPerSec / floor.pooledPerSec : Number.NaN;
  const cpuRatio = floor && orders ? floor.serverCpuMsPerAccepted / orders.serverCpuMsPerAccepted : Number.NaN;
  return { table, summary, ratios, pooledRatio, cpuRatio };
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`App order path benchmark\n${formatMachine(machine)}`);
  if (buildIsStale()) {
    console.log("next build (stale .next) ...");
    await buildNext(process.env, { echo: false });
  }
  const actions = resolveActions();
  const stack = await startTestStack();
  let pool: OrderPool | undefined;
  try {
    const appPid = pidListeningOn(Number(new URL(stack.appUrl).port));
    const members = await seedMembers(stack, Math.max(clients, 2));
    const databaseFile = databaseFileOf(stack.databaseUrl);
    const fundsBefore = readFundsTotals(databaseFile);
    pool = await OrderPool.start({ appUrl: stack.appUrl, marketId: MARKET_ID, actions, password: members.password }, members.emails, workers);
    console.log(`stack up: ${stack.appUrl} (app pid ${appPid ?? "unknown"}); ${members.emails.length} bench members signed in through signInAction in ${workers} load processes`);

    const latency = rates.length > 0 ? await measureLatency(stack, pool) : { clock: null, results: [], acceptedKeys: [] };
    const throughput = await measureThroughput(stack, pool, appPid, pidListeningOn(stack.channelsPort));
    const { table, summary, ratios, pooledRatio, cpuRatio } = throughputTable(throughput.runs);
    await sleep(500);
    const audit: OrderAudit = auditOrders(databaseFile, MEMBER_PREFIX, [...latency.acceptedKeys, ...throughput.acceptedKeys]);
    const fundsAfter = readFundsTotals(databaseFile);
    const fundsConserved = JSON.stringify(fundsBefore) === JSON.stringify(fundsAfter);

    console.log(`\nOrders through the order form's action vs the floor (${clients} clients, ${rounds} rounds x ${roundMs / 1000} s; latency = request sent -> answer decoded, accepted answers)`);
    console.log(table);
    const sortedRatios = [...ratios].sort((a, b) => a - b);
    console.log(
      `orders/floor throughput: paired median ${fmt(median(ratios), 2)} (rounds ${fmt(sortedRatios[0], 2)}-${fmt(sortedRatios[sortedRatios.length - 1], 2)}), pooled ${fmt(pooledRatio, 2)}; target >= 0.6` +
        `\nserver CPU per accepted request, floor/orders: ${fmt(cpuRatio, 2)} (the throughput ratio if the app's process were the only bottleneck)`,
    );
    if (summary.orders) console.log(`orders that crossed and traded: ${fmt(summary.orders.crossedShare * 100, 1)}% (${fmt(summary.orders.fills)} fills as taker)`);
    console.log(
      `audit (DB after the run, by client key, every phase): ${fmt(audit.accepted)} accepted answers, ${fmt(audit.stored)} orders stored; lost ${audit.lost}, duplicated ${audit.duplicated}, stored without an accepted answer ${audit.unconfirmed}` +
        `${audit.examples.length > 0 ? ` (${audit.examples.join("; ")})` : ""}\nfunds (balance + locked per currency, all accounts): ${fundsConserved ? "unchanged" : `CHANGED ${JSON.stringify(fundsBefore)} -> ${JSON.stringify(fundsAfter)}`}`,
    );
    console.log("\nEverything (Next, the Channels server, Chromium, the load processes) shares the machine's cores with other work.");

    const resultsDir = new URL("./results/", import.meta.url).pathname;
    mkdirSync(resultsDir, { recursive: true });
    const file = `${resultsDir}app-${machine.date.replace(/[:.]/g, "-")}.json`;
    const runs = throughput.runs.map(({ latencies, ...rest }) => ({ ...rest, p50Ms: percentile([...latencies].sort((a, b) => a - b), 50), p99Ms: percentile([...latencies].sort((a, b) => a - b), 99) }));
    writeFileSync(file, `${JSON.stringify({ machine, loadAverageAtEnd: describeMachine().loadAverage, flags, latency, throughput: { mid: throughput.mid, summary, ratios, pooledRatio, cpuRatio, runs }, audit, fundsBefore, fundsAfter }, null, 2)}\n`);
    console.log(`\nJSON: ${file}`);
    if (audit.lost + audit.duplicated + audit.unconfirmed > 0 || !fundsConserved) process.exitCode = 1;
  } finally {
    await pool?.stop();
    await stack.stop();
  }
}

await main();
