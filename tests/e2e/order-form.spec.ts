// The order form in Chromium when things go wrong: an action call without an answer (the app died after
// the commit, the app unreachable, a dropped connection, a proxy's error) keeps the form, its values and
// the page, checks the submission's key with the app (POST /api/orders/by-key/<key>) once it answers,
// and says only what the app says: placed (once, however often it is retried) or not placed; a pending
// submit keeps the focus and places once; refusals move the focus to the first invalid field; the price
// starts at the last price, live prices never overwrite it, a book level's price lands in it; the market
// page's error boundary recovers with "Try again". Orders here rest far from the spread (nothing fills)
// and are cancelled at the end of each test.
import type { Browser, Page } from "@playwright/test";
import { freePort, type Child } from "../../scripts/lib/processes.ts";
import { startNextApp } from "../../scripts/lib/stack.ts";
import { openSignedIn, readUser, signInThroughForm } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { openStackDb, readStackDb } from "./support/stack-db.ts";
import { isActionCall, orderForm, readBook, shownPrice } from "./trade-helpers.ts";

const MARKET_PATH = "/markets/btcusd";
const NOT_PLACED = "Your order was not placed. Try again.";
const CHECKING = "The connection failed before the answer came. Checking whether your order was placed…";

/** How many of alice's btcusd orders were placed for exactly `amount` BTC (each test uses amounts no other order has). */
function ordersOf(stack: TestStack, amount: string): number {
  const units = BigInt(amount.replace(".", "").replace(/^0+/, "") || "0");
  const alice = readUser(stack, "alice@example.com").id;
  const row = readStackDb(stack, (db) =>
    db.prepare("SELECT COUNT(*) AS n FROM \"Order\" WHERE marketId = 'btcusd' AND userId = ? AND originVolume = ?").get(alice, units) as { n: number },
  );
  return row.n;
}

/** A bid price that rests: 1% under the best bid, on the tick (inside the 20% band). */
async function restingBid(stack: TestStack): Promise<string> {
  const [bestBid = "0"] = (await readBook(stack)).bids[0] ?? [];
  const cents = (BigInt(bestBid.replace(".", "")) * 99n) / 100n;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** The confirmation of a resting buy of `amount` at `price`. */
function placedText(amount: string, price: string): string {
  return `Buy order placed: ${amount} BTC at ${shownPrice(price)} USD.`;
}

/** A signed-in trader's market page, live, with a marker a reload would lose. */
async function openTrader(browser: Browser, stack: TestStack): Promise<Page> {
  const page = await openSignedIn(browser, stack, "alice@example.com", MARKET_PATH);
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  return page;
}

function form(page: Page) {
  const parts = orderForm(page);
  return { ...parts, submit: parts.root.getByRole("button", { name: /^(Buy BTC|Sell BTC|Placing…|Checking…)$/ }) };
}

/** The page is still the market page (not the error boundary, not reloaded). */
async function expectPageKept(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { name: "The market could not be loaded" })).toHaveCount(0);
  await expect(page.getByTestId("trade-row").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
}

/** Cancels the page's open orders with "Cancel all" (the orders panel's own button). */
async function cancelAll(page: Page): Promise<void> {
  await page.getByTestId("my-orders").getByRole("button", { name: "Cancel all" }).click();
  await expect(page.getByTestId("open-order")).toHaveCount(0);
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("an order committed just before the app died is never called 'not placed': the form checks its key once the app is back, says it was placed, and a retry places nothing more", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await restingBid(stack);
  const amount = "0.0577";
  const { price: priceInput, amount: amountInput, submit, feedback, alert, status } = form(page);
  await priceInput.fill(price);
  await amountInput.fill(amount);

  // The app dies right after the commit: the action call reaches it and commits, the reply never
  // reaches the browser, and nothing of the app answers until the test brings it back.
  let appDown = false;
  let sent: { url: string; headers: Record<string, string>; body: Buffer | null } | null = null;
  await page.route(`${stack.appUrl}/**`, async (route) => {
    if (appDown) return route.abort("connectionrefused");
    if (!(await isActionCall(route))) return route.fallback();
    const request = route.request();
    sent = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() };
    await route.fetch();
    appDown = true;
    return route.abort("connectionreset");
  });
  await submit.click();

  await expect(feedback).toHaveText(CHECKING);
  expect(ordersOf(stack, amount)).toBe(1);
  await expect(status).toHaveText(CHECKING);
  await expect(submit).toHaveText("Checking…");
  await expect(submit).toHaveAttribute("aria-disabled", "true");
  await expect(submit).toBeFocused();
  // Pressing the button again while the outcome is unknown sends nothing.
  await submit.click({ force: true });
  await submit.press("Enter");
  await expect(feedback).toHaveText(CHECKING);
  await expectPageKept(page);

  // The app is back: the form asks about its key and tells what the server says.
  appDown = false;
  await page.unrouteAll({ behavior: "wait" });
  await expect(status).toHaveText(placedText(amount, price));
  await expect(alert).toHaveCount(0);
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  expect(ordersOf(stack, amount)).toBe(1);
  await expect(page.getByTestId("open-order").filter({ hasText: amount })).toHaveCount(1);

  // The same submission sent again (a browser or proxy retry of that request, same key) gets the
  // original order and places no second one.
  if (!sent) throw new Error("the action call was not seen");
  const { url, headers, body } = sent as { url: string; headers: Record<string, string>; body: Buffer | null };
  const replayHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => ["next-action", "content-type", "accept", "origin", "next-router-state-tree"].includes(name)));
  const replay = await page.request.post(url, { headers: replayHeaders, data: body ?? undefined });
  expect(replay.status()).toBe(200);
  expect(await replay.text()).toContain(`Already placed: ${placedText(amount, price)}`);
  expect(ordersOf(stack, amount)).toBe(1);

  // A new order from the same form is a new submission: placed.
  await amountInput.fill("0.0578");
  await submit.click();
  await expect(status).toHaveText(placedText("0.0578", price));
  expect(ordersOf(stack, "0.0578")).toBe(1);
  expect(ordersOf(stack, amount)).toBe(1);
  await cancelAll(page);
});

test("kill -9 of the app right after it committed the order: the page checks until an app answers on that address again, then says it was placed, once", async ({ browser, stack }) => {
  // An app of its own on the stack's database, so the test can kill it and start it again on the same port.
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = { ...stack.env, NEXTAUTH_URL: appUrl };
  const echo = process.env.E2E_ECHO === "1";
  let app: Child = (await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo })).child;
  try {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, { ...stack, appUrl }, "alice@example.com", MARKET_PATH);
    const amount = "0.0692";
    const price = await restingBid(stack);
    const { price: priceInput, amount: amountInput, submit, feedback, alert, status } = form(page);
    await priceInput.fill(price);
    await amountInput.fill(amount);

    // The action call goes through and commits; then the app is killed before its reply reaches the page.
    await page.route(`${appUrl}${MARKET_PATH}`, async (route) => {
      if (!(await isActionCall(route))) return route.fallback();
      await route.fetch();
      await app.stop("SIGKILL");
      return route.abort("connectionreset");
    });
    await submit.click();
    await expect(feedback).toHaveText(CHECKING);
    expect(app.hasExited()).toBe(true);
    expect(ordersOf(stack, amount)).toBe(1);

    // The app comes back (as `npm start`'s supervisor would restart it): the page's next ask gets the truth.
    app = (await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo })).child;
    await expect(status).toHaveText(placedText(amount, price), { timeout: 20_000 });
    await expect(alert).toHaveCount(0);
    expect(ordersOf(stack, amount)).toBe(1);
    await cancelAll(page);
    await page.context().close();
  } finally {
    await app.stop("SIGTERM");
  }
});

test("with the app unreachable, the form keeps the page and its values, checks once the app is back, says 'not placed' only then, and the order goes through on a new try", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await restingBid(stack);
  const amount = "0.0271";
  const { price: priceInput, amount: amountInput, submit, feedback, alert, status } = form(page);
  await priceInput.fill(price);
  await amountInput.fill(amount);

  // Every request to the app fails as if its server were down (the Channels websocket is not affected).
  await page.route(`${stack.appUrl}/**`, (route) => route.abort("connectionrefused"));
  await submit.click();

  await expect(feedback).toHaveText(CHECKING);
  await expect(priceInput).toHaveValue(price);
  await expect(amountInput).toHaveValue(amount);
  await expect(submit).toBeFocused();
  await expectPageKept(page);
  expect(ordersOf(stack, amount)).toBe(0);

  // The app is back: it says the order was not placed, and the same values go through from the same page.
  await page.unrouteAll({ behavior: "wait" });
  await expect(alert).toHaveText(NOT_PLACED);
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  await expect(submit).toBeFocused();
  await submit.click();
  await expect(status).toHaveText(placedText(amount, price));
  await expect(alert).toHaveCount(0);
  expect(ordersOf(stack, amount)).toBe(1);
  await expectPageKept(page);
  await cancelAll(page);
});

test("when the call fails but the app still answers, the form asks the app, whether the order arrived or not", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await restingBid(stack);
  const { price: priceInput, amount: amountInput, submit, alert, status } = form(page);
  // Other specs in this worker may have ordered these amounts already (console.spec buys 0.0314): count from here.
  const earlier = { notPlaced: ordersOf(stack, "0.0314"), placed: ordersOf(stack, "0.0313") };
  await priceInput.fill(price);
  await amountInput.fill("0.0314");

  // The connection drops on the way, before the request arrives: the app says it was not placed.
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => ((await isActionCall(route)) ? route.abort("connectionreset") : route.fallback()));
  await submit.click();
  await expect(alert).toHaveText(NOT_PLACED);
  await expect(priceInput).toHaveValue(price);
  await expect(amountInput).toHaveValue("0.0314");
  expect(ordersOf(stack, "0.0314")).toBe(earlier.notPlaced);
  await expectPageKept(page);

  // A proxy answers with an error after the app committed: the app says it was placed.
  await page.unrouteAll({ behavior: "wait" });
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => {
    if (!(await isActionCall(route))) return route.fallback();
    await route.fetch();
    return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" });
  });
  await amountInput.fill("0.0313");
  await submit.click();
  await expect(status).toHaveText(placedText("0.0313", price));
  await expect(alert).toHaveCount(0);
  expect(ordersOf(stack, "0.0313")).toBe(earlier.placed + 1);
  await expectPageKept(page);
  await page.unrouteAll({ behavior: "wait" });
  await cancelAll(page);
});

test("a pending submit keeps the focus on the button and a second submit places nothing more", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await restingBid(stack);
  const amount = "0.0161";
  const { price: priceInput, amount: amountInput, submit, status } = form(page);
  await priceInput.fill(price);
  await amountInput.fill(amount);

  // Hold the action call until the test has tried to submit again.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => {
    if (!(await isActionCall(route))) return route.fallback();
    await held;
    return route.fallback();
  });

  await submit.click();
  await expect(submit).toHaveText("Placing…");
  await expect(submit).toHaveAttribute("aria-disabled", "true");
  await expect(submit).toBeFocused();
  // Clicking the (aria-)disabled button again or pressing Enter on it does nothing while pending.
  await submit.click({ force: true });
  await submit.press("Enter");
  await expect(submit).toBeFocused();
  release();

  await expect(status).toHaveText(placedText(amount, price));
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  await expect(submit).toBeFocused();
  expect(ordersOf(stack, amount)).toBe(1);
  await page.unrouteAll({ behavior: "wait" });
  await cancelAll(page);
});

test("a refused submit moves the focus to the first invalid field, the price band included", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const { price, amount, submit, alert } = form(page);

  await price.fill("abc");
  await amount.fill("abc");
  await submit.click();
  await expect(price).toBeFocused();
  await expect(price).toHaveAccessibleDescription("Price must be a plain decimal number such as 12.5 (no commas or exponents)");

  await price.fill(await restingBid(stack));
  await submit.click();
  await expect(amount).toBeFocused();
  await expect(amount).toHaveAccessibleDescription("Amount must be a plain decimal number such as 12.5 (no commas or exponents)");

  // A $1 BTC buy: well-formed, so only the server refuses it (the price band), and the focus follows.
  await amount.fill("20.0000");
  await price.fill("1.00");
  await submit.click();
  await expect(price).toHaveAccessibleDescription(/^Price must be within 20% of the last price [\d.]+ USD: from [\d.]+ USD to [\d.]+ USD$/);
  await expect(price).toBeFocused();
  await expect(alert).toHaveText(/^Price must be within 20% of the last price/);
  expect(ordersOf(stack, "20.0000")).toBe(0);
});

test("the price starts at the last price; live prices never overwrite it; 'Use last price' copies the current one; a book level's price and side land in the form", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const { price } = form(page);
  const last = ((await (await page.request.get(`${stack.appUrl}/api/markets/btcusd`)).json()) as { lastPrice: string }).lastPrice;
  const [whole = "0", fraction = ""] = last.split(".");
  await expect(price).toHaveValue(`${whole}.${fraction.padEnd(2, "0")}`);

  await price.fill("64000.5");
  // A live trade moves the last price (market-btcusd/update, as the app publishes it).
  await stack.triggerFromServer("market-btcusd", "update", {
    marketId: "btcusd",
    tradeId: 900_000_101,
    side: "sell",
    price: "64321.09",
    amount: "0.01",
    createdAt: new Date().toISOString(),
  });
  const useLast = page.getByRole("button", { name: "Use last price 64,321.09" });
  await expect(useLast).toBeVisible();
  await expect(price).toHaveValue("64000.5");

  await useLast.click();
  await expect(price).toHaveValue("64321.09");

  // The book gives a level's price to the form: an ask is a price to buy at, a bid one to sell at.
  const bid = page.getByRole("region", { name: "Order book" }).locator('[data-testid="book-level"][data-side="bid"]').first();
  const bidPrice = await bid.getAttribute("data-price");
  await bid.click();
  await expect(price).toHaveValue(bidPrice ?? "");
  await expect(page.getByRole("radio", { name: "Sell" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Sell BTC" })).toBeVisible();
});

test("the market page's error boundary: 'Try again' re-renders the page once the database is back", async ({ browser, stack }) => {
  const page = await (await browser.newContext()).newPage();
  const db = openStackDb(stack, { writable: true });
  try {
    // The page's reads fail for real: the trades table is gone.
    db.exec('ALTER TABLE "Trade" RENAME TO "TradeAway"');
    await page.goto(`${stack.appUrl}${MARKET_PATH}`);
    await expect(page.getByRole("heading", { name: "The market could not be loaded" })).toBeVisible();
    await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  } finally {
    db.exec('ALTER TABLE "TradeAway" RENAME TO "Trade"');
    db.close();
  }
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "The market could not be loaded" })).toHaveCount(0);
  await expect(page.getByTestId("trade-row").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
});
