// What a new user sees, in Chromium: the notifications panel closes on Escape (focus back on the bell),
// on a click outside and on navigation; a trade made on the page is confirmed once (the order form), one made
// in another tab shows as a private alert with the market's units; at 390 px the tape's Amount column,
// the notifications panel and the header fit the screen and the order form comes before the chart;
// text meets 4.5:1; tape amounts share their decimals; favicon and demo accounts hint are there.
import type { Browser, Locator, Page } from "@playwright/test";
import { DEMO_PASSWORD, openSignedIn } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { tradeThroughForm } from "./trade-helpers.ts";

const MARKET_PATH = "/markets/btcusd";
const PHONE = { width: 390, height: 844 };

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function signedIn(browser: Browser, stack: TestStack, viewport = { width: 1280, height: 900 }): Promise<Page> {
  return openSignedIn(browser, stack, "alice@example.com", MARKET_PATH, viewport);
}

function bell(page: Page): Locator {
  return page.getByRole("button", { name: /^Notifications/ });
}

/** WCAG contrast ratio of an element's text (or its `pseudo` element's) against the first opaque background behind it. */
async function contrastOf(locator: Locator, pseudo?: string): Promise<number> {
  return locator.evaluate((element, pseudoElement) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    let node: Element | null = element;
    let background = "rgb(0, 0, 0)";
    while (node) {
      const color = getComputedStyle(node).backgroundColor;
      const alpha = rgb(color)[3];
      if (color !== "transparent" && (alpha === undefined || alpha === 1)) {
        background = color;
        break;
      }
      node = node.parentElement;
    }
    const text = getComputedStyle(element, pseudoElement ?? null).color;
    const [light, dark] = [luminance(rgb(text)), luminance(rgb(background))].sort((a, b) => b - a);
    return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
  }, pseudo);
}

test("the notifications panel closes on Escape (focus back on the bell), on a click outside and on navigation", async ({ browser, stack }) => {
  const page = await signedIn(browser, stack);
  const panel = page.getByRole("region", { name: "Notifications" });

  await bell(page).click();
  await expect(panel).toBeVisible();
  await expect(bell(page)).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(bell(page)).toBeFocused();
  await expect(bell(page)).toHaveAttribute("aria-expanded", "false");

  await bell(page).click();
  await expect(panel).toBeVisible();
  await page.getByTestId("recent-trades").click({ position: { x: 10, y: 10 } });
  await expect(panel).toBeHidden();

  // Client-side navigation (the browser's back button after following a market link) closes it too.
  await page.getByTestId("market-link").filter({ hasText: "ETH/USD" }).click();
  await page.waitForURL(`${stack.appUrl}/markets/ethusd`);
  await bell(page).click();
  await expect(panel).toBeVisible();
  await page.goBack();
  await page.waitForURL(`${stack.appUrl}${MARKET_PATH}`);
  await expect(panel).toBeHidden();
});

test("a trade from the form is confirmed once; one from another tab shows as a private alert with units", async ({ browser, stack }) => {
  const page = await signedIn(browser, stack);
  const unread = Number(await page.getByTestId("unread-count").getAttribute("data-count"));

  await tradeThroughForm(page, stack, { side: "sell", amount: "0.1000" });
  await expect(page.locator(".form-success")).toContainText("0.1000");
  // The private event has arrived (the bell counted it) and the alert stayed silent.
  await expect(page.getByTestId("unread-count")).toHaveAttribute("data-count", String(unread + 1));
  await expect(page.getByTestId("private-trade-alert")).toBeEmpty();

  // The same account trades ETH in another tab: this page learns of it from the private channel.
  const other = await page.context().newPage();
  await other.goto(`${stack.appUrl}/markets/ethusd`);
  await expect(other.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  await tradeThroughForm(other, stack, { side: "buy", amount: "1.500", marketId: "ethusd", base: "ETH" });
  await expect(other.locator(".form-success")).toContainText("1.500");
  await expect(page.getByTestId("private-trade-alert")).toContainText(/Bought 1\.5 ETH at \d{1,3}(,\d{3})*\.\d{2,8} USD on ETH\/USD/);
  // The private event has reached the trading tab too (its bell counted it), and it stayed silent there.
  await expect(other.getByTestId("unread-count")).toHaveAttribute("data-count", String(unread + 2));
  await expect(other.getByTestId("private-trade-alert")).toBeEmpty();

  // Notification times are UTC, like the tape.
  await bell(page).click();
  await expect(page.getByTestId("notification").first().locator("time")).toHaveText(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC$/);
});

test("at 390 px the tape, the notifications panel and the header fit, and the order form comes before the chart", async ({ browser, stack }) => {
  const page = await signedIn(browser, stack, PHONE);

  // The Amount column is on screen, or the tape scrolls sideways to it.
  const amountHeader = page.getByRole("columnheader", { name: /Amount/ });
  const box = await amountHeader.boundingBox();
  const scrolls = await page.locator(".trades-scroll").evaluate((element) => element.scrollWidth > element.clientWidth);
  expect(scrolls || (box !== null && box.x + box.width <= PHONE.width)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  const form = await page.getByRole("form", { name: "Place an order" }).boundingBox();
  const chart = await page.getByTestId("candle-chart").boundingBox();
  expect(form!.y).toBeLessThan(chart!.y);

  // "Sign out" on one line.
  const signOutLines = await page.getByRole("button", { name: "Sign out" }).evaluate((button) => {
    const style = getComputedStyle(button);
    const content = button.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(content / parseFloat(style.lineHeight));
  });
  expect(signOutLines).toBe(1);

  await bell(page).click();
  const panel = await page.getByRole("region", { name: "Notifications" }).boundingBox();
  expect(panel!.x).toBeGreaterThanOrEqual(0);
  expect(panel!.x + panel!.width).toBeLessThanOrEqual(PHONE.width);
});

test("text meets 4.5:1 and tape amounts share their decimals", async ({ browser, stack }) => {
  const page = await signedIn(browser, stack);
  const checks: [string, Locator][] = [
    ["buy button", page.getByRole("button", { name: "Buy BTC" })],
    ["tape header", page.getByRole("columnheader", { name: /Amount/ })],
    ["sell row", page.locator('[data-testid="trade-row"][data-side="sell"] .trade-side').first()],
    ["footer", page.locator(".site-footer p")],
    ["ticker label", page.getByTestId("ticker").locator("dt").first()],
  ];
  for (const [name, locator] of checks) expect(await contrastOf(locator), name).toBeGreaterThanOrEqual(4.5);
  expect(await contrastOf(page.getByLabel("Amount", { exact: true }), "::placeholder"), "placeholder").toBeGreaterThanOrEqual(4.5);
  await page.getByRole("radio", { name: "Sell" }).check();
  expect(await contrastOf(page.getByRole("button", { name: "Sell BTC" })), "sell button").toBeGreaterThanOrEqual(4.5);

  const amounts = await page.locator('[data-testid="trade-row"] .trade-amount').allTextContents();
  expect(amounts.length).toBeGreaterThan(0);
  // At the market's precision: BTC/USD's lot is 0.0001.
  for (const amount of amounts) expect(amount).toMatch(/^\d{1,3}(,\d{3})*\.\d{4}$/);
});

test("favicon and icon respond, and the sign-in page names the demo accounts", async ({ page, stack }) => {
  const favicon = await page.request.get(`${stack.appUrl}/favicon.ico`);
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image/);

  await page.goto(`${stack.appUrl}/sign-in`);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  const iconResponse = await page.request.get(new URL(icon!, stack.appUrl).toString());
  expect(iconResponse.status()).toBe(200);
  expect(iconResponse.headers()["content-type"]).toMatch(/image\/svg\+xml/);

  const hint = page.getByTestId("demo-accounts-hint");
  await expect(hint).toBeVisible();
  await expect(hint).toContainText("alice@example.com");
  await expect(hint).toContainText("bob@example.com");
  await expect(hint).toContainText(DEMO_PASSWORD);
});
