// The trade form in Chromium when things go wrong: an action call without an answer (the app died after
// the commit, the app unreachable, a dropped connection, a proxy's error) keeps the form, its values and
// the page, checks the submission's key with the app once it answers, and says only what the app says:
// recorded (once, however often it is retried) or not recorded; a pending submit keeps the focus and records once; validation
// errors move the focus to the first invalid field; the price starts at the last price and live prices
// never overwrite what the trader typed; the market page's error boundary recovers with "Try again".
import type { Browser, Page, Route } from "@playwright/test";
import { freePort, type Child } from "../../scripts/lib/processes.ts";
import { startNextApp } from "../../scripts/lib/stack.ts";
import { openSignedIn, signInThroughForm } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { openStackDb, readStackDb } from "./support/stack-db.ts";

const MARKET_PATH = "/markets/btcusd";
const NOT_RECORDED = "Your trade was not recorded. Try again.";
const CHECKING = "The connection failed before the answer came. Checking whether your trade was recorded…";

/** The form's confirmation of a btcusd buy of `amount` (at any price). */
function recordedText(amount: string): RegExp {
  return new RegExp(`^Bought ${amount.replace(".", "\\.")} BTC at [\\d,]+\\.\\d{2,8} USD\\.$`);
}

/** How many btcusd trades have exactly this amount (each test uses amounts no other trade has). */
function tradesWithAmount(stack: TestStack, amount: string): number {
  const row = readStackDb(stack, (db) =>
    db.prepare("SELECT COUNT(*) AS n FROM Trade WHERE marketId = 'btcusd' AND CAST(amount AS TEXT) = ?").get(amount) as { n: number },
  );
  return row.n;
}

/** The market's last price as the app's state API gives it (the DB's newest trade). */
async function apiLastPrice(page: Page, stack: TestStack): Promise<string> {
  const response = await page.request.get(`${stack.appUrl}/api/markets/btcusd`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { lastPrice: string }).lastPrice;
}

/** A signed-in trader's market page, live. */
async function openTrader(browser: Browser, stack: TestStack): Promise<Page> {
  const page = await openSignedIn(browser, stack, "alice@example.com", MARKET_PATH);
  // A full reload would lose this marker: the tests check the page was never replaced.
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  return page;
}

/** Whether a request is the trade form's server action call (a POST to the page carrying Next-Action). */
async function isActionCall(route: Route): Promise<boolean> {
  const request = route.request();
  return request.method() === "POST" && (await request.headerValue("next-action")) !== null;
}

function form(page: Page) {
  const root = page.getByRole("form", { name: "Place a trade" });
  return {
    root,
    price: root.getByLabel("Price", { exact: true }),
    amount: root.getByLabel("Amount", { exact: true }),
    submit: root.getByRole("button", { name: /^(Buy BTC|Sell BTC|Recording…|Checking…)$/ }),
    feedback: root.getByTestId("trade-feedback"),
    alert: root.getByRole("alert"),
    status: root.getByRole("status"),
  };
}

/** The page is still the market page (not the error boundary, not reloaded). */
async function expectPageKept(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { name: "The market could not be loaded" })).toHaveCount(0);
  await expect(page.getByTestId("trade-row").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("a trade committed just before the app died is never called 'not recorded': the form checks its key once the app is back, says it was recorded, and a retry records nothing more", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const amount = "0.577215";
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
  expect(tradesWithAmount(stack, amount)).toBe(1);
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
  await expect(status).toHaveText(recordedText(amount));
  await expect(alert).toHaveCount(0);
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  expect(tradesWithAmount(stack, amount)).toBe(1);
  await expect(page.getByTestId("trade-row").filter({ hasText: "0.577215" })).toHaveCount(1);

  // The same submission sent again (a browser or proxy retry of that request, same key) gets the
  // original answer and records no second trade.
  if (!sent) throw new Error("the action call was not seen");
  const { url, headers, body } = sent as { url: string; headers: Record<string, string>; body: Buffer | null };
  const replayHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => ["next-action", "content-type", "accept", "origin", "next-router-state-tree"].includes(name)));
  const replay = await page.request.post(url, { headers: replayHeaders, data: body ?? undefined });
  expect(replay.status()).toBe(200);
  expect(await replay.text()).toContain(`Bought ${amount} BTC at`);
  expect(tradesWithAmount(stack, amount)).toBe(1);

  // A new trade from the same form is a new submission: recorded.
  await amountInput.fill("0.577216");
  await submit.click();
  await expect(status).toHaveText(recordedText("0.577216"));
  expect(tradesWithAmount(stack, "0.577216")).toBe(1);
  expect(tradesWithAmount(stack, amount)).toBe(1);
});

test("kill -9 of the app right after it committed the trade: the page checks until an app answers on that address again, then says it was recorded, once", async ({ browser, stack }) => {
  // An app of its own on the stack's database, so the test can kill it and start it again on the same port.
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = { ...stack.env, NEXTAUTH_URL: appUrl };
  const echo = process.env.E2E_ECHO === "1";
  let app: Child = (await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo })).child;
  try {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, { ...stack, appUrl }, "alice@example.com", MARKET_PATH);
    const amount = "0.692147";
    const { price: priceInput, amount: amountInput, submit, feedback, alert, status } = form(page);
    await priceInput.fill(await apiLastPrice(page, stack));
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
    expect(tradesWithAmount(stack, amount)).toBe(1);

    // The app comes back (as `npm start`'s supervisor would restart it): the page's next ask gets the truth.
    app = (await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo })).child;
    await expect(status).toHaveText(recordedText(amount), { timeout: 20_000 });
    await expect(alert).toHaveCount(0);
    expect(tradesWithAmount(stack, amount)).toBe(1);
    await page.context().close();
  } finally {
    await app.stop("SIGTERM");
  }
});

test("with the app unreachable, the form keeps the page and its values, checks once the app is back, says 'not recorded' only then, and the trade goes through on a new try", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const amount = "0.271828";
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
  expect(tradesWithAmount(stack, amount)).toBe(0);

  // The app is back: it says the trade was not recorded, and the same values go through from the same page.
  await page.unrouteAll({ behavior: "wait" });
  await expect(alert).toHaveText(NOT_RECORDED);
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  await expect(submit).toBeFocused();
  await submit.click();
  await expect(status).toHaveText(recordedText(amount));
  await expect(alert).toHaveCount(0);
  expect(tradesWithAmount(stack, amount)).toBe(1);
  await expectPageKept(page);
});

test("when the call fails but the app still answers, the form asks the app, whether the trade arrived or not", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const { price: priceInput, amount: amountInput, submit, alert, status } = form(page);
  await priceInput.fill(price);
  await amountInput.fill("0.314159");

  // The connection drops on the way, before the request arrives: the app says it was not recorded.
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => ((await isActionCall(route)) ? route.abort("connectionreset") : route.fallback()));
  await submit.click();
  await expect(alert).toHaveText(NOT_RECORDED);
  await expect(priceInput).toHaveValue(price);
  await expect(amountInput).toHaveValue("0.314159");
  expect(tradesWithAmount(stack, "0.314159")).toBe(0);
  await expectPageKept(page);

  // A proxy answers with an error after the app committed: the app says it was recorded.
  await page.unrouteAll({ behavior: "wait" });
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => {
    if (!(await isActionCall(route))) return route.fallback();
    await route.fetch();
    return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" });
  });
  await amountInput.fill("0.314158");
  await submit.click();
  await expect(status).toHaveText(recordedText("0.314158"));
  await expect(alert).toHaveCount(0);
  expect(tradesWithAmount(stack, "0.314158")).toBe(1);
  await expectPageKept(page);
});

test("a pending submit keeps the focus on the button and a second submit records nothing more", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const amount = "0.161803";
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
  await expect(submit).toHaveText("Recording…");
  await expect(submit).toHaveAttribute("aria-disabled", "true");
  await expect(submit).toBeFocused();
  // Clicking the (aria-)disabled button again or pressing Enter on it does nothing while pending.
  await submit.click({ force: true });
  await submit.press("Enter");
  await expect(submit).toBeFocused();
  release();

  await expect(status).toContainText(`Bought ${amount} BTC at`);
  await expect(submit).toHaveAttribute("aria-disabled", "false");
  await expect(submit).toBeFocused();
  expect(tradesWithAmount(stack, amount)).toBe(1);
});

test("a refused submit moves the focus to the first invalid field, the price band included", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const { price, amount, submit, alert } = form(page);

  await price.fill("");
  await amount.fill("abc");
  await submit.click();
  await expect(price).toBeFocused();
  await expect(price).toHaveAccessibleDescription("Price is required");

  await price.fill(await apiLastPrice(page, stack));
  await submit.click();
  await expect(amount).toBeFocused();
  await expect(amount).toHaveAccessibleDescription("Amount must be a plain number such as 1234.5 (no commas, signs or exponents)");

  // A $1 BTC buy: well-formed, so only the server refuses it (the price band), and the focus follows.
  await amount.fill("0.1414213");
  await price.fill("1");
  await submit.click();
  await expect(price).toHaveAccessibleDescription(/^Price must be within 20% of the last price \([\d,]+\.\d{2,8} – [\d,]+\.\d{2,8}\)$/);
  await expect(price).toBeFocused();
  await expect(alert).toHaveText("Check the highlighted fields.");
  expect(tradesWithAmount(stack, "0.1414213")).toBe(0);
});

test("the price starts at the last price; live prices never overwrite it; 'Use last price' copies the current one", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const { price } = form(page);
  const last = await apiLastPrice(page, stack);
  await expect(price).toHaveValue(last);

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
