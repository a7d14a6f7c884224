// `npm run bench:app`: trade submitted -> price shown latency (p50/p99) through the real path:
// a signed-in Chromium page submits the trade form (server action: validate, record in SQLite,
// trigger price_channel/update after the response) -> our Channels server -> 100 open subscribers
// (a few real Chromium market pages, where the price DOM node changing is "shown", and pusher-js
// Node clients in separate processes for the rest), at a few trades-per-second rates.
// Starts its own stack (temp DB, Channels server, `next start`) with the e2e harness, which is built
// on scripts/lib; builds first when .next is stale (run under the team's next.lock on shared machines).
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { buildIsStale, buildNext } from "../../scripts/lib/stack.ts";
import { startTestStack } from "../e2e/support/stack.ts";
import { sleep } from "./lib/clock.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { percentile } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import { clockOffset, currentPrice, type ActionTiming, frameStamps, launchChromium, openTrader, openWatcher, rowStamps, shownStamps, submitStamps, submitTrade } from "./app/browser-pages.ts";
import { firstSeen, groupLatency, type GroupLatency, type SubscriberTimeline } from "./app/latency.ts";
import { SubscriberPool } from "./app/subscriber-pool.ts";
import { priceKey, wallNowMs } from "./app/wall-clock.ts";

const { values: flags } = parseArgs({
  options: {
    rates: { type: "string", default: "1,2,4" },
    seconds: { type: "string", default: "10" },
    subscribers: { type: "string", default: "100" },
    pages: { type: "string", default: "4" },
  },
});

const MARKET_PATH = "/markets/btcusd";
/** Demo traders (lib/seed/seed-users.ts), two signed-in pages each: a page submits its next trade once it shows its last one. */
const TRADERS = ["alice@example.com", "bob@example.com", "alice@example.com", "bob@example.com"];
const rates = (flags.rates ?? "").split(",").map(Number).filter((r) => r > 0);
const seconds = Number(flags.seconds);
const totalSubscribers = Number(flags.subscribers);
const pageCount = Number(flags.pages);

/** Submits `count` trades at `rate`/s, each on the first idle trader page; the stamps come from the pages. */
async function tradeAtRate(traders: Page[], rate: number, firstPrice: number, count: number): Promise<{ prices: string[]; refused: string[]; elapsedMs: number }> {
  const idle = [...traders];
  const waiters: Array<(page: Page) => void> = [];
  const release = (page: Page) => (waiters.length > 0 ? waiters.shift()?.(page) : idle.push(page));
  const acquire = () => (idle.length > 0 ? Promise.resolve(idle.shift() as Page) : new Promise<Page>((resolve) => waiters.push(resolve)));
  const prices: string[] = [];
  const refused: string[] = [];
  const inFlight: Array<Promise<void>> = [];
  const start = wallNowMs();
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / rate - wallNowMs();
    if (wait > 0) await sleep(wait);
    const page = await acquire();
    const price = (firstPrice + i + 0.25).toFixed(2);
    const submitted = submitTrade(page, price, "0.01").then((error) => {
      if (error === null) prices.push(price);
      else refused.push(`${price}: ${error}`);
    });
    inFlight.push(submitted.finally(() => release(page)));
  }
  await Promise.all(inFlight);
  return { prices, refused, elapsedMs: wallNowMs() - start };
}

function row(label: string, group: GroupLatency): string[] {
  const missing = group.superseded > 0 ? `${fmt(group.missing)} (${fmt(group.superseded)} superseded)` : fmt(group.missing);
  return [label, fmt(group.subscribers), fmt(group.p50Ms, 1), fmt(group.p99Ms, 1), fmt(group.maxMs, 1), `${fmt(group.seen)}/${fmt(group.expected)}`, missing];
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Trade -> price shown latency benchmark\n${formatMachine(machine)}`);
  if (buildIsStale()) {
    console.log("next build (stale .next) ...");
    await buildNext(process.env, { echo: false });
  }
  const stack = await startTestStack();
  const browser = await launchChromium();
  let pool: SubscriberPool | undefined;
  try {
    const url = `${stack.appUrl}${MARKET_PATH}`;
    const traders: Page[] = [];
    const actions: ActionTiming[] = [];
    for (const email of TRADERS) traders.push(await openTrader(browser, stack.appUrl, MARKET_PATH, email, actions));
    const watchers: Page[] = [];
    for (let i = 0; i < pageCount; i += 1) watchers.push(await openWatcher(browser, url));
    const nodeCount = totalSubscribers - pageCount;
    pool = await SubscriberPool.start({ key: stack.env.PUSHER_KEY ?? "", host: "127.0.0.1", port: stack.channelsPort, channel: "price_channel", event: "update" }, nodeCount, 2);
    const clock = await clockOffset(watchers[0] as Page, wallNowMs);
    console.log(`stack up: ${stack.appUrl}; ${pageCount} Chromium watcher pages + ${nodeCount} pusher-js Node clients (2 processes) subscribed; ${traders.length} signed-in trader pages submit`);
    console.log(`clock check: Chromium page - Node = ${clock.offsetMs.toFixed(2)} ms (+/- ${clock.uncertaintyMs.toFixed(2)} ms)`);

    const runs: Array<{ rate: number; prices: string[]; refused: string[]; elapsedMs: number; startedAt: number }> = [];
    // Unique prices close to the market's last price (the action refuses prices more than 20% from it).
    const lastPrice = await currentPrice(traders[0] as Page);
    if (!Number.isFinite(lastPrice) || lastPrice <= 0) throw new Error("the market page shows no last price to trade near");
    let nextPrice = Math.round(lastPrice);
    for (const rate of rates) {
      const count = Math.max(3, Math.round(rate * seconds));
      const startedAt = Date.now();
      runs.push({ rate, startedAt, ...(await tradeAtRate(traders, rate, nextPrice, count)) });
      nextPrice += 100;
      await sleep(1500);
    }

    // Submit stamps, and when each trade's row appeared on the page that submitted it (from its reply).
    const submits = new Map<number, number>();
    const ownRows = new Map<number, number>();
    for (const page of traders) {
      const rows = firstSeen(await rowStamps(page));
      for (const [key, at] of firstSeen(await submitStamps(page))) {
        submits.set(key, at);
        const shownAt = rows.get(key);
        if (shownAt !== undefined) ownRows.set(key, shownAt);
      }
    }
    const pageTimelines: SubscriberTimeline[] = [];
    const frameTimelines: SubscriberTimeline[] = [];
    for (const page of watchers) {
      pageTimelines.push({ kind: "chromium", firstSeen: firstSeen(await shownStamps(page)), rowSeen: firstSeen(await rowStamps(page)) });
      frameTimelines.push({ kind: "chromium", firstSeen: firstSeen(await frameStamps(page)) });
    }
    const byNode = new Map<string, Map<number, number>>();
    for (const d of await pool.deliveries()) {
      const seen = byNode.get(d.subscriber) ?? new Map<number, number>();
      if (!seen.has(d.key)) seen.set(d.key, d.at);
      byNode.set(d.subscriber, seen);
    }
    const nodeTimelines: SubscriberTimeline[] = Array.from({ length: nodeCount }, (_, i) => ({ kind: "pusher-js", firstSeen: [...byNode.values()][i] ?? new Map() }));

    const results = runs.map((run) => {
      const submitted = new Map(run.prices.map((p) => [priceKey(p), submits.get(priceKey(p)) ?? Number.NaN]));
      const ownSeen: SubscriberTimeline = { kind: "chromium", firstSeen: ownRows };
      const roundTrips = actions
        .filter((a) => a.startedAt >= run.startedAt && a.startedAt <= run.startedAt + run.elapsedMs)
        .map((a) => a.roundTripMs)
        .sort((a, b) => a - b);
      return {
        rate: run.rate,
        actionRoundTrip: { n: roundTrips.length, p50Ms: percentile(roundTrips, 50), p99Ms: percentile(roundTrips, 99) },
        trades: run.prices.length,
        refused: run.refused,
        achievedPerSec: (run.prices.length + run.refused.length) / (run.elapsedMs / 1000),
        chromium: groupLatency(pageTimelines, submitted),
        chromiumFrames: groupLatency(frameTimelines, submitted),
        pusherJs: groupLatency(nodeTimelines, submitted),
        all: groupLatency([...pageTimelines, ...nodeTimelines], submitted),
        submitterOwnPage: groupLatency([ownSeen], submitted),
      };
    });

    for (const result of results) {
      const refused = result.refused.length > 0 ? `, ${result.refused.length} refused or not confirmed (${result.refused.slice(0, 3).join("; ")})` : "";
      console.log(`\n${result.rate} trades/s requested: ${result.trades} trades recorded${refused}, ${fmt(result.achievedPerSec, 2)}/s submitted (submit -> price shown, ms)`);
      const action = result.actionRoundTrip;
      console.log(`server action HTTP round trip (POST -> response end, ${action.n} requests): p50 ${fmt(action.p50Ms, 1)} ms, p99 ${fmt(action.p99Ms, 1)} ms`);
      const headers = ["subscribers", "n", "p50 ms", "p99 ms", "max ms", "seen/expected", "missing"];
      console.log(
        formatTable(headers, [
          row("Chromium pages (DOM change)", result.chromium),
          row("  same pages, socket frame received", result.chromiumFrames),
          row("pusher-js Node clients (event)", result.pusherJs),
          row("all 100 subscribers", result.all),
          row("submitter's own page (own tape row)", result.submitterOwnPage),
        ]),
      );
    }
    console.log(
      "\nNotes: submit = the trade form's submit event in the trader page; shown = the last-price DOM node changing" +
        "\n(Chromium) or the update event arriving (pusher-js), all on wall-clock performance.timeOrigin + now()." +
        "\n'socket frame received' = the same Chromium pages' WebSocket message event, before pusher-js and React." +
        "\nThe submitter's own page shows its trade from the action's reply; its socket is excluded from the publish." +
        "\n'superseded': the trade reached the page (its tape row appeared) but the price node went straight to a" +
        "\nlater trade (events rendered in one batch, or a newer trade arrived first), so that price was never shown." +
        "\nEverything (Next, Channels server, Chromium, subscribers) shares the machine's cores with other work.",
    );
    const resultsDir = new URL("./results/", import.meta.url).pathname;
    mkdirSync(resultsDir, { recursive: true });
    const file = `${resultsDir}trade-latency-${machine.date.replace(/[:.]/g, "-")}.json`;
    writeFileSync(file, `${JSON.stringify({ machine, flags, clock, results }, null, 2)}\n`);
    console.log(`\nJSON: ${file}`);
  } finally {
    await pool?.stop();
    await browser.close();
    await stack.stop();
  }
}

await main();
