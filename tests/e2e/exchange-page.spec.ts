// Issue 10's market page with three browser contexts (alice, bob, a visitor): alice's limit sell shows in
// the visitor's book without a reload; bob's crossing buy through his form fills it; both see their fill
// and their balances change exactly (their private channels), the tape, ticker, chart and price_channel
// move everywhere; bob cannot cancel alice's second order (the answer of a missing id), alice can, and its
// level leaves the book; a share button fills the amount, a market buy takes the best ask; bad inputs get
// clear errors under their field and change nothing; the page with the order entry's panels is axe-clean.
import type { Browser, Locator, Page, Route } from "@playwright/test";
import PusherJs from "pusher-js";
import { openSignedIn, pusherJsOnStack, readUser } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { axeViolations } from "./support/axe.ts";
import { CANCEL_ORDER, callFormAction, signInForCookie } from "./support/server-action.ts";
import { readStackDb } from "./support/stack-db.ts";
import { filledText, freePrice, isActionCall, orderForm, readBook, shownPrice, submitOrder } from "./trade-helpers.ts";

PusherJs.logToConsole = false;

const MARKET_PATH = "/markets/btcusd";

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

/** A visitor's market page, live. */
async function openVisitor(browser: Browser, stack: TestStack): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1400 } })).newPage();
  await page.goto(`${stack.appUrl}${MARKET_PATH}`);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  return page;
}

/** The book's ask level at `price` holding `amount` BTC (by its accessible name). */
function askLevel(page: Page, price: string, amount: string): Locator {
  const escape = (text: string) => text.replace(/[.,]/g, (character) => `\\${character}`);
  return page.getByRole("region", { name: "Order book" }).getByRole("button", { name: new RegExp(`^Sell orders at ${escape(shownPrice(price))} USD\\W.*\\b${escape(amount)} BTC`) });
}

/** Scaled integer of a decimal string at 8 decimals (balances), and back. */
function units(text: string): bigint {
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * 100_000_000n + BigInt(fraction.padEnd(8, "0").slice(0, 8));
}
function decimal8(value: bigint): string {
  return `${value / 100_000_000n}.${(value % 100_000_000n).toString().padStart(8, "0")}`;
}

/** A member's balance row as the panel shows it: {balance, locked} of `currency`. */
async function balanceOf(page: Page, currency: string): Promise<{ balance: bigint; locked: bigint }> {
  const row = page.locator(`[data-testid="balance-row"][data-currency="${currency}"]`);
  return { balance: units((await row.getAttribute("data-balance")) ?? ""), locked: units((await row.getAttribute("data-locked")) ?? "") };
}

/** Waits until the balance row of `currency` shows exactly `expected`. */
async function expectBalance(page: Page, currency: string, expected: { balance: bigint; locked: bigint }): Promise<void> {
  const row = page.locator(`[data-testid="balance-row"][data-currency="${currency}"]`);
  await expect(row).toHaveAttribute("data-balance", decimal8(expected.balance));
  await expect(row).toHaveAttribute("data-locked", decimal8(expected.locked));
}

test("alice's sell rests in everyone's book, bob's buy fills it, both see it; bob cannot cancel alice's order, alice can", async ({ browser, stack }) => {
  // Three browser contexts: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const prices: string[] = [];
  const subscriber = pusherJsOnStack(stack);
  const priceChannel = subscriber.subscribe("price_channel");
  priceChannel.bind("update", (data: { price?: string }) => prices.push(data.price ?? ""));
  try {
    const visitor = await openVisitor(browser, stack);
    const alice = await openSignedIn(browser, stack, "alice@example.com", MARKET_PATH);
    const bob = await openSignedIn(browser, stack, "bob@example.com", MARKET_PATH);
    await visitor.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));

    // Alice rests a limit sell at a price inside the spread: it is hers (open orders, locked BTC) and in everyone's book.
    const price = await freePrice(stack);
    const amount = "0.0300";
    const aliceBtc = await balanceOf(alice, "btc");
    const aliceUsd = await balanceOf(alice, "usd");
    const bobBtc = await balanceOf(bob, "btc");
    const bobUsd = await balanceOf(bob, "usd");
    await submitOrder(alice, { side: "sell", price, amount });
    await expect(orderForm(alice).status).toHaveText(`Sell order placed: ${amount} BTC at ${shownPrice(price)} USD.`);
    await expectBalance(alice, "btc", { balance: aliceBtc.balance - units(amount), locked: aliceBtc.locked + units(amount) });
    const aliceOrder = alice.getByTestId("open-order").filter({ hasText: shownPrice(price) });
    await expect(aliceOrder).toHaveCount(1);
    const orderId = (await aliceOrder.getAttribute("data-order-id")) ?? "";
    for (const page of [visitor, bob]) await expect(askLevel(page, price, amount)).toHaveCount(1);

    // Bob's crossing buy through his form fills it at alice's price.
    await submitOrder(bob, { side: "buy", price, amount });
    await expect(orderForm(bob).status).toHaveText(filledText("buy", amount, price));
    const trade = readStackDb(stack, (db) => db.prepare("SELECT id FROM Trade WHERE makerOrderId = ?").get(orderId) as { id: number } | undefined);
    expect(trade).toBeDefined();
    const tradeId = String(trade?.id);

    // Both see their fill: bob's form said it, alice's page tells it from her private channel, and both tapes mark it as theirs.
    await expect(alice.getByTestId("private-trade-alert")).toContainText(`Sold 0.03 BTC at ${shownPrice(price)} USD on BTC/USD`);
    await expect(bob.getByTestId("private-trade-alert")).toBeEmpty();
    for (const page of [alice, bob]) await expect(page.locator(`[data-testid="trade-row"][data-trade-id="${tradeId}"]`)).toContainText("(you)");
    // Balances moved exactly: price x amount of USD one way, the amount of BTC the other, nothing left locked.
    const funds = units(price) * units(amount) / 100_000_000n;
    await expectBalance(alice, "btc", { balance: aliceBtc.balance - units(amount), locked: aliceBtc.locked });
    await expectBalance(alice, "usd", { balance: aliceUsd.balance + funds, locked: aliceUsd.locked });
    await expectBalance(bob, "btc", { balance: bobBtc.balance + units(amount), locked: bobBtc.locked });
    await expectBalance(bob, "usd", { balance: bobUsd.balance - funds, locked: bobUsd.locked });
    // Her order left the open orders for the history; its level left the book.
    await expect(aliceOrder).toHaveCount(0);
    await expect(alice.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`)).toHaveAttribute("data-state", "done");
    await expect(bob.getByTestId("history-order").first()).toHaveAttribute("data-state", "done");
    await expect(askLevel(visitor, price, amount)).toHaveCount(0);

    // Tape, ticker, last price and chart moved everywhere; price_channel carried the price.
    const plain = price.replace(/\.?0+$/, "");
    for (const page of [visitor, alice, bob]) {
      await expect(page.getByTestId("trade-row").first()).toHaveAttribute("data-trade-id", tradeId);
      await expect(page.getByTestId("ticker")).toHaveAttribute("data-last-trade-id", tradeId);
      await expect(page.getByTestId("ticker-last")).toHaveAttribute("data-value", plain);
      await expect(page.getByTestId("last-price")).toHaveText(shownPrice(price));
    }
    await expect(visitor.getByTestId("candle-chart")).toHaveAttribute("data-last-close", plain);
    await expect.poll(() => prices).toContain(plain);

    // Alice rests a second sell. Bob cannot cancel it: his answer is that of an id nobody has.
    const second = await freePrice(stack);
    await submitOrder(alice, { side: "sell", price: second, amount: "0.0200" });
    await expect(orderForm(alice).status).toHaveText(`Sell order placed: 0.0200 BTC at ${shownPrice(second)} USD.`);
    const secondOrder = alice.getByTestId("open-order").filter({ hasText: shownPrice(second) });
    const secondId = (await secondOrder.getAttribute("data-order-id")) ?? "";
    await expect(askLevel(visitor, second, "0.0200")).toHaveCount(1);
    const bobCookie = await signInForCookie(stack.appUrl, "bob@example.com");
    const cancelAs = (orderId: string) => callFormAction(stack.appUrl, bobCookie, MARKET_PATH, CANCEL_ORDER, { marketId: "btcusd", orderId });
    const refused = await cancelAs(secondId);
    expect(refused).toMatchObject({ status: "error", code: "order_not_found" });
    expect(refused).toEqual(await cancelAs(crypto.randomUUID()));
    await expect(secondOrder).toHaveCount(1);
    await expect(askLevel(visitor, second, "0.0200")).toHaveCount(1);

    // Her first cancel call never reaches the app (connection reset): the list says so, re-reads her orders and still shows the order.
    const resetActionCalls = async (route: Route) => ((await isActionCall(route)) ? route.abort("connectionreset") : route.fallback());
    await alice.route(`${stack.appUrl}${MARKET_PATH}`, resetActionCalls);
    const reread = alice.waitForResponse((response) => response.url().includes("/api/markets/btcusd/orders?scope=open") && response.ok());
    await secondOrder.getByRole("button", { name: `Cancel sell 0.0200 BTC at ${shownPrice(second)} USD` }).click();
    await expect(alice.getByTestId("cancel-feedback")).toHaveText("Couldn't reach the server. Your orders are being re-read; try again if the order is still open.");
    await reread;
    await expect(secondOrder).toHaveCount(1);
    await alice.unroute(`${stack.appUrl}${MARKET_PATH}`, resetActionCalls);

    // Alice cancels it from her list: gone from her open orders and from every book, its BTC unlocked.
    await secondOrder.getByRole("button", { name: `Cancel sell 0.0200 BTC at ${shownPrice(second)} USD` }).click();
    await expect(alice.getByTestId("cancel-feedback")).toHaveText("Order cancelled.");
    await expect(secondOrder).toHaveCount(0);
    await expect(alice.locator(`[data-testid="history-order"][data-order-id="${secondId}"]`)).toHaveAttribute("data-state", "cancel");
    await expect(askLevel(visitor, second, "0.0200")).toHaveCount(0);
    await expect(askLevel(bob, second, "0.0200")).toHaveCount(0);
    await expectBalance(alice, "btc", { balance: aliceBtc.balance - units(amount), locked: aliceBtc.locked });
    await expect(visitor.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
  } finally {
    subscriber.disconnect();
  }
});

test("a share button fills the amount, a market buy takes the best ask; bad inputs get clear errors under their field and change nothing; the page with the panels is axe-clean", async ({ browser, stack }) => {
  // Nine orders through the form: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const bob = await openSignedIn(browser, stack, "bob@example.com", MARKET_PATH);
  // The share buttons fill the amount with a share of what the order spends from (whole lots), and the total follows.
  const btcNow = await balanceOf(bob, "btc");
  const price = await freePrice(stack);
  await bob.getByRole("radio", { name: "Sell" }).check();
  await orderForm(bob).price.fill(price);
  await bob.getByRole("group", { name: "Share of your available BTC" }).getByRole("button", { name: "50%" }).click();
  const halfBtc = btcNow.balance / 2n / 10_000n; // lots of 0.0001 BTC (10^4 units at scale 8)
  const halfText = `${halfBtc / 10_000n}.${(halfBtc % 10_000n).toString().padStart(4, "0")}`;
  await expect(orderForm(bob).amount).toHaveValue(halfText);
  const totalUnits = units(price) * units(halfText) / 100_000_000n; // at 10^-8 USD
  const totalText = `${(totalUnits / 100_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(totalUnits % 100_000_000n).toString().padStart(8, "0").slice(0, 6)}`;
  await expect(bob.getByTestId("order-total")).toHaveText(`${totalText} USD`);

  // A market buy with a spend limit takes the best ask (the market maker's), and never rests.
  const [bestAsk] = (await readBook(stack)).asks[0] ?? [];
  await submitOrder(bob, { side: "buy", kind: "market", amount: "0.0010", spend: "1000.00" });
  await expect(orderForm(bob).status).toHaveText(filledText("buy", "0.0010", bestAsk ?? ""));
  // The form still shows what it will send next: a market buy (an answered submit does not reset the choices).
  await expect(orderForm(bob).root.getByRole("radio", { name: "Market" })).toBeChecked();
  await expect(orderForm(bob).spend).toBeVisible();

  // Bad inputs: each refused with a clear message under its field, and nothing changes.
  const bobId = readUser(stack, "bob@example.com").id;
  const ordersOfBob = () => readStackDb(stack, (db) => (db.prepare('SELECT COUNT(*) AS n FROM "Order" WHERE userId = ?').get(bobId) as { n: number }).n);
  const ordersBefore = ordersOfBob();
  const bobNow = { btc: await balanceOf(bob, "btc"), usd: await balanceOf(bob, "usd") };
  const form = orderForm(bob);
  const cases: { fields: Parameters<typeof submitOrder>[1]; field: Locator; message: string | RegExp }[] = [
    { fields: { side: "buy", price, amount: "100.0000" }, field: form.amount, message: /^Not enough USD: this order needs [\d.]+ USD and [\d.]+ USD is available$/ },
    { fields: { side: "buy", price, amount: "0" }, field: form.amount, message: "Amount must be greater than 0" },
    { fields: { side: "sell", price: "-5.00", amount: "0.0100" }, field: form.price, message: "Price must be greater than 0" },
    { fields: { side: "buy", price: `${price}5`, amount: "0.0100" }, field: form.price, message: "Price must be a multiple of the price step 0.01" },
    { fields: { side: "buy", price, amount: "0.00015" }, field: form.amount, message: "Amount must be a multiple of the lot size 0.0001 BTC" },
    { fields: { side: "buy", price, amount: "0.0001" }, field: form.amount, message: "Order value must be at least 10 USD (price x amount)" },
    { fields: { side: "buy", price: "1.00", amount: "20.0000" }, field: form.price, message: /^Price must be within 20% of the last price [\d.]+ USD: from [\d.]+ USD to [\d.]+ USD$/ },
  ];
  for (const { fields, field, message } of cases) {
    await submitOrder(bob, fields);
    await expect(form.alert).toHaveText(message);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(message);
    await expect(field).toBeFocused();
  }
  expect(ordersOfBob()).toBe(ordersBefore);
  await expectBalance(bob, "btc", bobNow.btc);
  await expectBalance(bob, "usd", bobNow.usd);

  // The page with the order entry's panels (form with an error, balances, orders and history) is axe-clean.
  expect(await axeViolations(bob)).toEqual([]);
});
