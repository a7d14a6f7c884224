// The market page's market data in Chromium (issue 10): a visitor gets the order book in the first paint
// (the server's HTML), the book follows orders another process places (announced through the `pusher`
// SDK) without a reload, a gap in the feed's sequence makes the page re-read the book rather than show a
// forged one, grouping merges levels exactly, the book is reachable by keyboard and the page is axe-clean;
// times carry their date in the viewer's zone (UTC on request, kept), the chart interval is kept across a
// reload and a market switch and 1d shows weeks; a member's click or Enter on a level fills the order form's price.
import { runToCompletion } from "../../scripts/lib/processes.ts";
import { REPO_ROOT, tsxCommand } from "../../scripts/lib/stack.ts";
import { openSignedIn } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { axeViolations } from "./support/axe.ts";

const MARKET_PATH = "/markets/btcusd";
/** Book levels a side and tape rows in the server's HTML (SERVER_LEVELS of order-book.tsx, SERVER_ROWS of recent-trades.tsx); the rest come with hydration. */
const SERVER_LEVELS = 12;
const SERVER_ROWS = 20;
/** Trades the page keeps in its tape (RECENT_TRADES_LIMIT of lib/schemas/market-state.ts). */
const RECENT_TRADES_LIMIT = 50;

interface Book {
  asks: [string, string][];
  bids: [string, string][];
  sequence: number;
}

/** The book as GET /api/markets/btcusd/book has it (the DB's truth). */
async function readBook(stack: TestStack): Promise<Book> {
  const response = await fetch(`${stack.appUrl}/api/markets/btcusd/book`);
  expect(response.status).toBe(200);
  return (await response.json()) as Book;
}

/** Limit orders of `email` at each of `prices`, placed and announced by another process (as the market maker does). */
async function placeFromAnotherProcess(stack: TestStack, email: string, side: "buy" | "sell", volume: string, prices: string[]): Promise<void> {
  const { command, args } = tsxCommand("tests/e2e/support/place-announced-order.ts", ["btcusd", email, side, volume, ...prices]);
  await runToCompletion({ name: "place-order", command, args, cwd: REPO_ROOT, env: stack.env, echo: process.env.E2E_ECHO === "1" });
}

/** "Dec 4, 01:30:05": an ISO time as the tape shows it at a fixed UTC offset, computed without Intl. */
function shiftedTapeTime(iso: string, offsetMinutes: number): string {
  const shifted = new Date(Date.parse(iso) + offsetMinutes * 60_000);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][shifted.getUTCMonth()];
  return `${month} ${shifted.getUTCDate()}, ${shifted.toISOString().slice(11, 19)}`;
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("order book, depth, tape times and chart interval for a visitor; a member's pick fills the order form", async ({ browser, stack }) => {
  const seeded = await readBook(stack);
  expect(seeded.asks.length).toBeGreaterThanOrEqual(10);
  expect(seeded.bids.length).toBeGreaterThanOrEqual(10);
  const bestAsk = seeded.asks[0]![0];
  const bestBid = seeded.bids[0]![0];

  // First paint: the server's HTML already carries the best SERVER_LEVELS levels a side (no script needed to see the book).
  const html = await (await fetch(`${stack.appUrl}${MARKET_PATH}`)).text();
  expect(html.match(/data-testid="book-level"/g)?.length).toBe(Math.min(seeded.asks.length, SERVER_LEVELS) + Math.min(seeded.bids.length, SERVER_LEVELS));
  expect(html).toContain(`data-price="${bestAsk}"`);
  expect(html).toContain(`data-price="${bestBid}"`);
  // The tape's newest SERVER_ROWS trades and the chart's latest candle (its legend) too; the chart's history is read by the browser.
  expect(html.match(/data-testid="trade-row"/g)?.length).toBe(SERVER_ROWS);
  expect(html).toMatch(/data-testid="candle-chart"[^>]*data-candle-count="[1-9]\d*"[^>]*data-last-close="\d/);
  expect(html).toMatch(/data-testid="candle-legend"[^>]*>.{0,200}Latest candle/);

  // A visitor in Kolkata (UTC+5:30, no daylight saving time).
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, timezoneId: "Asia/Kolkata" });
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}${MARKET_PATH}`);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  const book = page.getByTestId("order-book");
  const asks = page.getByTestId("book-asks").getByTestId("book-level");
  const bids = page.getByTestId("book-bids").getByTestId("book-level");
  await expect(book).toHaveAttribute("data-sequence", String(seeded.sequence));
  await expect(asks).toHaveCount(seeded.asks.length);
  await expect(bids).toHaveCount(seeded.bids.length);
  // Best prices next to the spread: the last ask shown, the first bid.
  await expect(asks.last()).toHaveAttribute("data-price", bestAsk);
  await expect(bids.first()).toHaveAttribute("data-price", bestBid);
  await expect(asks.last()).toBeInViewport();
  await expect(page.getByTestId("book-spread")).toContainText("Spread");
  await expect(page.getByTestId("depth-summary")).toContainText(/^Bids: [\d,.]+ BTC from [\d,.]+ to [\d,.]+ USD; asks: /);
  await expect(page.getByRole("img", { name: /^Bids: / })).toBeVisible();

  // The tape: times with their date, in the viewer's zone.
  const tape = page.getByTestId("recent-trades");
  const firstTime = tape.getByTestId("trade-row").first().locator("time");
  const firstIso = (await firstTime.getAttribute("datetime"))!;
  await expect(tape.getByTestId("trade-row")).toHaveCount(RECENT_TRADES_LIMIT);
  await expect(tape.getByRole("columnheader", { name: /Time/ })).toContainText("(GMT+5:30)");
  await expect(firstTime).toHaveText(shiftedTapeTime(firstIso, 330));

  // Another member's orders reach the book without a reload: two asks above the book, within one unit of price.
  const whole = Math.floor(Number(seeded.asks.at(-1)![0])) + 101;
  const [low, high] = [`${whole}.20`, `${whole}.70`];
  await placeFromAnotherProcess(stack, "alice@example.com", "sell", "0.0100", [low, high]);
  await expect(book).toHaveAttribute("data-sequence", String(seeded.sequence + 2));
  await expect(asks.first()).toHaveAttribute("data-price", high);
  await expect(page.locator(`[data-testid="book-level"][data-price="${low}"]`)).toHaveAttribute("data-amount", "0.0100");
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");

  // Grouping by 1: both asks in one level at the next whole price, the amounts added exactly; back to the tick.
  await page.getByTestId("book-grouping").selectOption("1");
  await expect(book).toHaveAttribute("data-grouping", "1");
  await expect(asks.first()).toHaveAttribute("data-price", `${whole + 1}.00`);
  await expect(asks.first()).toHaveAttribute("data-amount", "0.0200");
  await expect(page.locator(`[data-testid="book-level"][data-price="${low}"]`)).toHaveCount(0);
  await page.getByTestId("book-grouping").selectOption("0.01");
  await expect(asks.first()).toHaveAttribute("data-price", high);

  // A gap in the sequence (here a forged update five ahead): the page re-reads the book and never shows the forged one.
  const held = seeded.sequence + 2;
  const reread = page.waitForRequest((request) => request.url().endsWith("/api/markets/btcusd/book"));
  await stack.triggerFromServer("market-btcusd-global", "update", { asks: [["1.00", "9.0000"]], bids: [], sequence: held + 5 });
  await reread;
  await expect(book).toHaveAttribute("data-stale", "false");
  await expect(book).toHaveAttribute("data-sequence", String(held));
  await expect(page.locator('[data-testid="book-level"][data-price="1.00"]')).toHaveCount(0);
  await expect(asks).toHaveCount(seeded.asks.length + 2);

  // Keyboard: the asks' scroll region is in the tab order, then its best level; arrows move between levels.
  await page.getByTestId("book-grouping").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("book-asks")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(asks.last()).toBeFocused();
  await expect(asks.last()).toHaveAccessibleName(new RegExp(`^Sell orders at ${bestAsk.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} USD, ?amount [\\d.]+ BTC, ?total [\\d.]+ BTC\\. Use this price to buy$`));
  await page.keyboard.press("ArrowUp");
  await expect(asks.nth(seeded.asks.length)).toBeFocused();

  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("market-book-visitor.png"), fullPage: true });

  // UTC on request, kept across a reload; the chart interval too, and 1d candles show weeks of history.
  await tape.getByTestId("time-zone-utc").click();
  await expect(firstTime).toHaveText(shiftedTapeTime(firstIso, 0));
  const chart = page.getByTestId("candle-chart");
  await page.getByTestId("interval-1d").click();
  await expect(chart).toHaveAttribute("data-interval", "1d");
  await expect(chart).toHaveAttribute("data-status", "ready");
  expect(Number(await chart.getAttribute("data-candle-count"))).toBeGreaterThanOrEqual(50);
  await page.reload();
  await expect(chart).toHaveAttribute("data-interval", "1d");
  await expect(chart).toHaveAttribute("data-status", "ready");
  await expect(tape.getByRole("columnheader", { name: /Time/ })).toContainText("(UTC)");
  await expect(book).toHaveAttribute("data-sequence", String(held));
  await page.getByRole("link", { name: /ETH\/USD/ }).click();
  await expect(page).toHaveURL(/\/markets\/ethusd$/);
  await expect(chart).toHaveAttribute("data-interval", "1d");
  await expect(chart).toHaveAttribute("data-status", "ready");

  // A member: a click on a bid fills the order form's price (to sell at it), Enter on the best ask too (to buy).
  const member = await openSignedIn(browser, stack, "bob@example.com", MARKET_PATH, { width: 1360, height: 1000 });
  const price = member.locator('form input[name="price"]');
  await member.getByTestId("book-bids").getByTestId("book-level").nth(2).click();
  await expect(price).toHaveValue(seeded.bids[2]![0]);
  await member.getByTestId("book-asks").getByTestId("book-level").last().focus();
  await member.keyboard.press("Enter");
  await expect(price).toHaveValue(bestAsk);

  // A deeper book: the server's HTML carries the best SERVER_LEVELS asks (the best one among them), the hydrated page every ask.
  const deeper = Array.from({ length: 11 }, (_, index) => `${whole + 2 + index}.00`);
  await placeFromAnotherProcess(stack, "alice@example.com", "sell", "0.0100", deeper);
  const deepHtml = await (await fetch(`${stack.appUrl}${MARKET_PATH}`)).text();
  expect(deepHtml.match(/data-testid="book-level" data-side="ask"/g)?.length).toBe(SERVER_LEVELS);
  expect(deepHtml).toContain(`data-price="${bestAsk}"`);
  await expect(member.getByTestId("book-asks").getByTestId("book-level")).toHaveCount(seeded.asks.length + 2 + deeper.length);
});
