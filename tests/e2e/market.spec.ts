// The market page end to end in Chromium: a trade in one context moves the price in another without a
// reload; bad input gets field errors (never a 500); with the Channels server down a trade is still
// made and a page recovers to the right price once it is back; the seeds' subscriber gets `price`.
// Trades come from matching: another member rests an order, the page's order form crosses it.
import PusherJs from "pusher-js";
import type { Browser, Page } from "@playwright/test";
import { openSignedIn, pusherJsOnStack } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { freePrice, orderForm, restOrder, shownPrice, submitOrder, tradeThroughForm } from "./trade-helpers.ts";

PusherJs.logToConsole = false;

const MARKET_PATH = "/markets/btcusd";
/** A demo trader seeded by lib/seed/seed-users.ts (trading needs an account). */
const TRADER_EMAIL = "alice@example.com";

/**
 * Opens the market page in a fresh browser context (signed in as the demo trader when `trader`,
 * so the order form shows) and waits until its feed is live.
 */
async function openMarket(browser: Browser, stack: TestStack, { trader = false } = {}): Promise<Page> {
  if (trader) return openSignedIn(browser, stack, TRADER_EMAIL, MARKET_PATH);
  const page = await (await browser.newContext()).newPage();
  const response = await page.goto(`${stack.appUrl}${MARKET_PATH}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  return page;
}

/** Rows of the tape showing `formattedPrice`. */
function rowsWithPrice(page: Page, formattedPrice: string) {
  return page.getByTestId("trade-row").filter({ hasText: formattedPrice });
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("a trade submitted in one context shows in another without a reload", async ({ browser, stack }) => {
  const trader = await openMarket(browser, stack, { trader: true });
  const watcher = await openMarket(browser, stack);
  // A reload would lose this marker.
  await watcher.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));

  await expect(trader.getByRole("radiogroup", { name: "Side" })).toBeVisible();
  const price = await tradeThroughForm(trader, stack, { side: "sell", amount: "0.2500" });
  const shown = shownPrice(price);

  // The trader's own page applies its fill at once, from the action's answer.
  await expect(trader.getByTestId("last-price")).toHaveText(shown);
  await expect(rowsWithPrice(trader, shown)).toHaveCount(1);

  await expect(watcher.getByTestId("last-price")).toHaveText(shown);
  await expect(watcher.getByTestId("trade-row").first()).toContainText(shown);
  await expect(watcher.getByTestId("trade-row").first()).toContainText("Sell");
  await expect(rowsWithPrice(watcher, shown)).toHaveCount(1);
  await expect(watcher).toHaveTitle(`${shown} BTC/USD · Peatio demo`);
  await expect(watcher.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
});

test("bad input shows field errors next to the fields, never a 500", async ({ browser, stack }) => {
  const page = await openMarket(browser, stack, { trader: true });
  const serverErrors: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
  });
  const priceBefore = await page.getByTestId("last-price").textContent();

  // Formats are checked in the page: nothing is sent.
  await submitOrder(page, { side: "buy", price: "1,5", amount: "abc" });
  const { price, amount, alert: formAlert } = orderForm(page);
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(price).toHaveAccessibleDescription("Price must be a plain decimal number such as 12.5 (no commas or exponents)");
  await expect(amount).toHaveAccessibleDescription("Amount must be a plain decimal number such as 12.5 (no commas or exponents)");
  await expect(price).toBeFocused();
  await expect(formAlert).toHaveText("Check the highlighted fields.");

  // The market's rules are the server's to judge: its refusal comes back to the field, with the rule.
  await submitOrder(page, { side: "buy", price: "1.123456789", amount: "1" });
  await expect(price).toHaveAccessibleDescription("Price must be a multiple of the price step 0.01");
  await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  await expect(formAlert).toHaveText("Price must be a multiple of the price step 0.01");

  // A tampered request that only the server can judge (the market does not exist) is refused by
  // the server action with a message, not a crash.
  await price.fill("100");
  await amount.fill("1");
  await orderForm(page).root.locator('input[name="marketId"]').evaluate((input: HTMLInputElement) => {
    input.value = "dogeusd";
  });
  await page.getByRole("button", { name: "Buy BTC" }).click();
  await expect(formAlert).toHaveText("Unknown market");
  await expect(price).not.toHaveAttribute("aria-invalid", "true");

  await expect(page.getByTestId("last-price")).toHaveText(priceBefore ?? "");
  expect(serverErrors).toEqual([]);
});

test("the order action checks the session before it looks at the input", async ({ browser, stack }) => {
  const page = await openMarket(browser, stack, { trader: true });
  // The session ends while the page is open (signed out in another tab, cookie expired, ...).
  await page.context().clearCookies();
  // A tampered market id only the server would refuse: a signed-out request must not learn even that.
  await orderForm(page).root.locator('input[name="marketId"]').evaluate((input: HTMLInputElement) => {
    input.value = "NOT A MARKET";
  });
  await submitOrder(page, { side: "buy", price: "100.00", amount: "1.0000" });
  await expect(orderForm(page).alert).toHaveText("Sign in to trade.");
});

test("with the Channels server down a trade is still made, and pages recover to the right price", async ({ browser, stack }) => {
  const trader = await openMarket(browser, stack, { trader: true });
  const watcher = await openMarket(browser, stack);

  await stack.stopChannels();
  await expect(trader.getByTestId("connection-state")).toHaveAttribute("data-state", /^(reconnecting|offline)$/);
  await expect(watcher.getByTestId("connection-state")).toHaveAttribute("data-state", /^(reconnecting|offline)$/);

  const price = await tradeThroughForm(trader, stack, { side: "buy", amount: "0.0150" });
  const shown = shownPrice(price);
  await expect(trader.getByTestId("last-price")).toHaveText(shown);

  await stack.startChannels();
  // pusher-js reconnects on its own, resubscribes, and the page re-reads the DB: the missed trade shows.
  await expect(watcher.getByTestId("connection-state")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(watcher.getByTestId("last-price")).toHaveText(shown);
  await expect(rowsWithPrice(watcher, shown)).toHaveCount(1);
  await expect(trader.getByTestId("connection-state")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(rowsWithPrice(trader, shown)).toHaveCount(1);
});

test("a seeds-style subscriber (pusher-js in Node) receives `price` on price_channel/update", async ({ browser, stack }) => {
  const subscriber = pusherJsOnStack(stack);
  try {
    const channel = subscriber.subscribe("price_channel");
    await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
    const page = await openMarket(browser, stack, { trader: true });
    const price = await freePrice(stack);
    // The seeds' contract: `price` of every fill, as a plain decimal (no trailing zeros).
    const plain = price.replace(/\.?0+$/, "");
    const received = new Promise<string>((resolve) => {
      channel.bind("update", (data: { price: string }) => {
        if (data.price === plain) resolve(data.price);
      });
    });

    expect((await restOrder(stack, "bob@example.com", { side: "sell", price, amount: "0.0100" })).order?.state).toBe("wait");
    await submitOrder(page, { side: "buy", price, amount: "0.0100" });
    expect(await received).toBe(plain);
  } finally {
    subscriber.disconnect();
  }
});

test("the market page listens on its own market-<id> channel", async ({ browser, stack }) => {
  const page = await openMarket(browser, stack);
  // An update sent on market-btcusd alone (not on price_channel) reaches the btcusd page.
  await stack.triggerFromServer("market-btcusd", "update", {
    marketId: "btcusd",
    tradeId: 900_000_001,
    side: "buy",
    price: "64299.99",
    amount: "0.01",
    createdAt: new Date().toISOString(),
  });
  await expect(page.getByTestId("last-price")).toHaveText("64,299.99");
  await expect(rowsWithPrice(page, "64,299.99")).toHaveCount(1);
});

test("the home page opens the first market; an unknown market is a 404", async ({ page, request, stack }) => {
  await page.goto(stack.appUrl);
  await expect(page).toHaveURL(`${stack.appUrl}${MARKET_PATH}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("BTC/USD");

  const missing = await page.goto(`${stack.appUrl}/markets/nosuchmarket`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Market not found" })).toBeVisible();

  const api = await request.get(`${stack.appUrl}/api/markets/nosuchmarket`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "Unknown market" });
  const state = await request.get(`${stack.appUrl}/api/markets/btcusd`);
  expect(state.status()).toBe(200);
  expect(state.headers()["cache-control"]).toContain("no-store");
  const body = (await state.json()) as { market: { id: string }; lastPrice: string; recentTrades: { price: string }[] };
  expect(body.market.id).toBe("btcusd");
  expect(body.lastPrice).toBe(body.recentTrades[0]?.price);
});
