// The trade form in Chromium when things go wrong: an action call that cannot reach the app keeps the
// form, its values and the page, and says the trade was not recorded (or that the outcome is unknown
// when the request may have arrived); a pending submit keeps the focus and records once; validation
// errors move the focus to the first invalid field; the price starts at the last price and live prices
// never overwrite what the trader typed; the market page's error boundary recovers with "Try again".
import type { Browser, Page, Route } from "@playwright/test";
import { openSignedIn } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { openStackDb, readStackDb } from "./support/stack-db.ts";

const MARKET_PATH = "/markets/btcusd";
const NOT_RECORDED = "Couldn't reach the server — your trade was not recorded. Try again.";
const UNKNOWN = /can't tell whether your trade was recorded\. The trade tape will show it once the page is reconnected/;

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
    submit: root.getByRole("button", { name: /^(Buy BTC|Sell BTC|Recording…)$/ }),
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

test("with the app unreachable, a trade keeps the form, its values and the page, says it was not recorded, and goes through once the app is back", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const amount = "0.271828";
  const { price: priceInput, amount: amountInput, submit, alert, status } = form(page);
  await priceInput.fill(price);
  await amountInput.fill(amount);

  // Every request to the app fails as if its server were down (the Channels websocket is not affected).
  await page.route(`${stack.appUrl}/**`, (route) => route.abort("connectionrefused"));
  await submit.click();

  await expect(alert).toHaveText(NOT_RECORDED);
  await expect(priceInput).toHaveValue(price);
  await expect(amountInput).toHaveValue(amount);
  await expect(submit).toBeFocused();
  await expectPageKept(page);
  expect(tradesWithAmount(stack, amount)).toBe(0);

  // The app is back: the same values go through from the same page.
  await page.unrouteAll({ behavior: "wait" });
  await submit.click();
  await expect(status).toContainText(`Bought ${amount} BTC at`);
  await expect(alert).toHaveCount(0);
  expect(tradesWithAmount(stack, amount)).toBe(1);
  await expectPageKept(page);
});

test("when the request may have reached the app, the form says the outcome is unknown and keeps the values", async ({ browser, stack }) => {
  const page = await openTrader(browser, stack);
  const price = await apiLastPrice(page, stack);
  const { price: priceInput, amount: amountInput, submit, alert } = form(page);
  await priceInput.fill(price);
  await amountInput.fill("0.314159");

  // Only the action call fails while the app itself still answers (a connection dropped on the way).
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) => (await isActionCall(route) ? route.abort("connectionreset") : route.fallback()));
  await submit.click();
  await expect(alert).toHaveText(UNKNOWN);
  await expect(priceInput).toHaveValue(price);
  await expect(amountInput).toHaveValue("0.314159");
  await expectPageKept(page);

  // The server answered, but with an error instead of the action's result: unknown as well.
  await page.unrouteAll({ behavior: "wait" });
  await page.route(`${stack.appUrl}${MARKET_PATH}`, async (route) =>
    (await isActionCall(route)) ? route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" }) : route.fallback(),
  );
  await amountInput.fill("0.314158");
  await submit.click();
  await expect(alert).toHaveText(UNKNOWN);
  await expect(amountInput).toHaveValue("0.314158");
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
