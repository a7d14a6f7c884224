// The market view end to end in Chromium: after the demo market maker (`scripts/simulate.ts`, the
// form's code path) records trades, the page shows chart, ticker and tape from the DB (screenshot
// kept under test-results/); a trade made through the order form in one context (crossing another
// member's resting order) reaches the ticker, the tape and the chart's last candle in another context
// without a reload.
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { runToCompletion } from "../../scripts/lib/processes.ts";
import { REPO_ROOT, tsxCommand } from "../../scripts/lib/stack.ts";
import { openSignedIn } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { readStackDb } from "./support/stack-db.ts";
import { shownPrice, tradeThroughForm } from "./trade-helpers.ts";

const MARKET_PATH = "/markets/btcusd";
const HOUR_MS = 3_600_000;

interface StoredTrade {
  id: number;
  price: string;
  amount: string;
  createdAt: number;
}

/** Every btcusd trade, oldest first, straight from the stack's SQLite file (the test's ground truth). */
function readTrades(stack: TestStack): StoredTrade[] {
  const rows = readStackDb(stack, (db) =>
    db
      .prepare("SELECT id, CAST(price AS TEXT) AS price, CAST(amount AS TEXT) AS amount, createdAt FROM Trade WHERE marketId = 'btcusd' ORDER BY id")
      .all() as { id: number; price: string; amount: string; createdAt: string }[],
  );
  return rows.map((row) => ({ ...row, createdAt: Date.parse(row.createdAt) }));
}

/** Exact sum of decimal strings with at most 8 decimals (BigInt units; no floats). */
function sumDecimals(values: readonly string[]): string {
  const units = values.reduce((total, value) => {
    const [integer = "0", fraction = ""] = value.split(".");
    return total + BigInt(integer) * 100_000_000n + BigInt(fraction.padEnd(8, "0").slice(0, 8) || "0");
  }, 0n);
  const integer = units / 100_000_000n;
  const fraction = (units % 100_000_000n).toString().padStart(8, "0").replace(/0+$/, "");
  return fraction ? `${integer}.${fraction}` : `${integer}`;
}

/** Runs the demo market maker for `count` trades against this stack's DB and Channels server. */
async function simulateTrades(stack: TestStack, count: number): Promise<void> {
  const { command, args } = tsxCommand("scripts/simulate.ts", ["--market", "btcusd", "--count", String(count), "--rate", "20", "--seed", "7"]);
  await runToCompletion({ name: "simulate", command, args, cwd: REPO_ROOT, env: stack.env, echo: process.env.E2E_ECHO === "1" });
}

/** Opens the market page in a fresh context and waits until its feed is live and the chart drawn; `requests` collects the URLs it asks for. */
async function openMarket(browser: Browser, stack: TestStack, requests: string[] = []): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1600 } })).newPage();
  page.on("request", (request) => requests.push(new URL(request.url()).pathname + new URL(request.url()).search));
  const response = await page.goto(`${stack.appUrl}${MARKET_PATH}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("candle-chart")).toHaveAttribute("data-status", "ready");
  return page;
}

/** The candles requests among `requests` (paths with their query). */
const candleReads = (requests: readonly string[]) => requests.filter((url) => url.startsWith("/api/markets/btcusd/candles?"));

/** Exact volume of the 1h bucket holding `at`, from the stack's DB. */
function hourVolume(stack: TestStack, at: number): string {
  const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
  return sumDecimals(readTrades(stack).filter((trade) => trade.createdAt >= hourStart && trade.createdAt < hourStart + HOUR_MS).map((trade) => trade.amount));
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("after simulated trades the page shows chart, ticker and tape from the DB", async ({ browser, stack }) => {
  const before = readTrades(stack).at(-1)!;
  await simulateTrades(stack, 12);
  const simulated = readTrades(stack).filter((trade) => trade.id > before.id);
  expect(simulated).toHaveLength(12);
  const latest = simulated.at(-1)!;

  const requests: string[] = [];
  const page = await openMarket(browser, stack, requests);
  const ticker = page.getByTestId("ticker");
  const chart = page.getByTestId("candle-chart");
  const tape = page.getByTestId("recent-trades");
  await expect(ticker).toBeVisible();
  await expect(chart).toBeVisible();
  await expect(tape).toBeVisible();

  await expect(page.getByTestId("ticker-last")).toHaveAttribute("data-value", latest.price);
  await expect(page.getByTestId("ticker-change")).toHaveAttribute("data-percent", /^-?\d+\.\d\d$/);
  await expect(ticker).toHaveAttribute("data-last-trade-id", String(latest.id));
  // Newest first: the simulated trades head the tape in reverse order.
  const rowIds = await page.getByTestId("trade-row").evaluateAll((rows) => rows.slice(0, 12).map((row) => Number(row.getAttribute("data-trade-id"))));
  expect(rowIds).toEqual(simulated.map((trade) => trade.id).reverse());
  // The chart drew on a canvas, its last candle closes at the last price, and the attribution is there.
  await expect(chart.locator("canvas").first()).toBeVisible();
  await expect(chart).toHaveAttribute("data-last-close", latest.price);
  await expect(chart.locator('a[href*="tradingview.com"]')).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${latest.price.split(".")[0]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`));

  // One read of the chart's history per page view: the tape re-read at the first subscription reaches back
  // to it, so that subscription reads the history no second time.
  await expect.poll(() => requests.filter((url) => url === MARKET_PATH.replace("/markets/", "/api/markets/")).length).toBe(1);
  await page.waitForLoadState("networkidle");
  expect(candleReads(requests)).toEqual(["/api/markets/btcusd/candles?interval=1h"]);

  const screenshot = test.info().outputPath("market-view.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await test.info().attach("market-view", { path: screenshot, contentType: "image/png" });
  console.log(`[market-view] screenshot: ${path.relative(REPO_ROOT, screenshot)}`);

  // Interval switch: 1m candles come from the candles route; the last one is the latest trade's minute.
  await page.getByTestId("interval-1m").click();
  await expect(chart).toHaveAttribute("data-interval", "1m");
  await expect(chart).toHaveAttribute("data-status", "ready");
  await expect(chart).toHaveAttribute("data-last-time", String(Math.floor(latest.createdAt / 60_000) * 60));
  await expect(chart).toHaveAttribute("data-last-close", latest.price);
});

test("a trade from the form reaches ticker, tape and last candle in another context without a reload", async ({ browser, stack }) => {
  const watcher = await openMarket(browser, stack);
  await watcher.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  const volumeBefore = await watcher.getByTestId("ticker-volume").getAttribute("data-value");

  const trader = await openSignedIn(browser, stack, "alice@example.com", MARKET_PATH);
  const amount = "0.1235";
  const price = (await tradeThroughForm(trader, stack, { side: "buy", amount })).replace(/\.?0+$/, "");
  const recorded = readTrades(stack).filter((trade) => trade.price === price).at(-1)!;
  expect(recorded.amount).toBe(amount);

  // Ticker: last price, the trade counted once in the volume.
  await expect(watcher.getByTestId("ticker-last")).toHaveAttribute("data-value", price);
  await expect(watcher.getByTestId("ticker-last")).toHaveText(shownPrice(price));
  await expect(watcher.getByTestId("ticker")).toHaveAttribute("data-last-trade-id", String(recorded.id));
  await expect(watcher.getByTestId("ticker-volume")).toHaveAttribute("data-value", sumDecimals([volumeBefore ?? "0", amount]));

  // Tape: one row for the trade, on top.
  const first = watcher.getByTestId("trade-row").first();
  await expect(first).toHaveAttribute("data-trade-id", String(recorded.id));
  await expect(first).toContainText("Buy");
  await expect(first).toContainText(shownPrice(price));
  await expect(first).toContainText(amount);
  await expect(watcher.locator(`[data-testid="trade-row"][data-trade-id="${recorded.id}"]`)).toHaveCount(1);

  // Chart (1h candles): the last candle is the trade's hour, closing at its price, with the hour's
  // whole volume as the DB has it.
  const chart = watcher.getByTestId("candle-chart");
  await expect(chart).toHaveAttribute("data-last-time", String((Math.floor(recorded.createdAt / HOUR_MS) * HOUR_MS) / 1000));
  await expect(chart).toHaveAttribute("data-last-close", price);
  await expect(chart).toHaveAttribute("data-last-volume", hourVolume(stack, recorded.createdAt));

  await expect(watcher.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");

  // Tabs only for a signed-in viewer; the trader's Mine tab lists their own trades, this one first.
  await expect(watcher.getByRole("tab")).toHaveCount(0);
  await trader.getByRole("tab", { name: "Mine" }).click();
  await expect(trader.getByRole("tab", { name: "Mine" })).toHaveAttribute("aria-selected", "true");
  await expect(trader.getByTestId("trade-row").first()).toHaveAttribute("data-trade-id", String(recorded.id));
  for (const row of await trader.getByTestId("trade-row").all()) await expect(row).toContainText("(you)");
  // By keyboard (the ARIA tabs pattern): the selected tab is the tablist's one tab stop, an arrow selects and focuses the other.
  const [allTab, mineTab] = [trader.getByRole("tab", { name: "All" }), trader.getByRole("tab", { name: "Mine" })];
  await expect(allTab).toHaveAttribute("tabindex", "-1");
  await mineTab.focus();
  await trader.keyboard.press("ArrowLeft");
  await expect(allTab).toBeFocused();
  await expect(allTab).toHaveAttribute("aria-selected", "true");
  await expect(mineTab).toHaveAttribute("tabindex", "-1");
  await expect(trader.getByTestId("recent-trades")).toHaveAttribute("data-tab", "all");
});

test("a trade recorded while the Channels server is down shows in ticker, tape and chart after the reconnect", async ({ browser, stack }) => {
  const requests: string[] = [];
  const page = await openMarket(browser, stack, requests);
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  const before = readTrades(stack).at(-1)!;

  await stack.stopChannels();
  await expect(page.getByTestId("connection-state")).not.toHaveAttribute("data-state", "live");
  await simulateTrades(stack, 1); // recorded; its announcement fails and is only logged
  const missed = readTrades(stack).at(-1)!;
  expect(missed.id).toBeGreaterThan(before.id);
  await expect(page.getByTestId("ticker")).toHaveAttribute("data-last-trade-id", String(before.id));

  await stack.startChannels();
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  // The re-read after resubscribing brings what the socket never said.
  await expect(page.getByTestId("ticker")).toHaveAttribute("data-last-trade-id", String(missed.id));
  await expect(page.getByTestId("ticker-last")).toHaveAttribute("data-value", missed.price);
  await expect(page.getByTestId("trade-row").first()).toHaveAttribute("data-trade-id", String(missed.id));
  const chart = page.getByTestId("candle-chart");
  await expect(chart).toHaveAttribute("data-last-close", missed.price);
  await expect(chart).toHaveAttribute("data-last-time", String((Math.floor(missed.createdAt / HOUR_MS) * HOUR_MS) / 1000));
  await expect(chart).toHaveAttribute("data-last-volume", hourVolume(stack, missed.createdAt));
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
  // The re-read tape reached back to the chart's history: its trade was applied, the history not read again.
  await page.waitForLoadState("networkidle");
  expect(candleReads(requests)).toHaveLength(1);
});

test("after a reconnect that missed more trades than the tape holds, the chart reads its history again and counts every one", async ({ browser, stack }) => {
  const requests: string[] = [];
  const page = await openMarket(browser, stack, requests);
  await page.waitForLoadState("networkidle");
  expect(candleReads(requests)).toHaveLength(1);

  await stack.stopChannels();
  await expect(page.getByTestId("connection-state")).not.toHaveAttribute("data-state", "live");
  await simulateTrades(stack, 60); // more than the 50 the tape re-reads
  const last = readTrades(stack).at(-1)!;

  await stack.startChannels();
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("ticker")).toHaveAttribute("data-last-trade-id", String(last.id));
  const chart = page.getByTestId("candle-chart");
  await expect.poll(() => candleReads(requests).length).toBe(2);
  await expect(chart).toHaveAttribute("data-status", "ready");
  await expect(chart).toHaveAttribute("data-last-close", last.price);
  // The whole hour as the DB has it: the tape alone (the newest 50) would leave trades out.
  await expect(chart).toHaveAttribute("data-last-volume", hourVolume(stack, last.createdAt));
});
