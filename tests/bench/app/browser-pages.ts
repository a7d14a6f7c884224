// Real Chromium pages for the app bench (playwright-core on Debian's Chromium): watcher pages that
// record when the price DOM node changes, and signed-in trader pages that submit the trade form.
import { chromium, type Browser, type Page } from "playwright-core";

/** Chromium flags that work on these machines (no GPU, no sandbox, no background network). */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The demo password of the seeded users (lib/seed/seed-users.ts). */
const DEMO_PASSWORD = "demo-password";

// Page scripts are strings: functions would be serialized after tsx's transform, which may add helpers.
const RECORD_SHOWN = `(() => {
  const read = () => document.querySelector('[data-testid="last-price"]')?.textContent ?? "";
  let last = read();
  window.__benchShown = [];
  new MutationObserver(() => {
    const text = read();
    if (text === last) return;
    last = text;
    window.__benchShown.push([text, performance.timeOrigin + performance.now()]);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

const RECORD_SUBMITS = `(() => {
  window.__benchSubmits = [];
  document.addEventListener("submit", (event) => {
    const price = event.target.querySelector('input[name="price"]')?.value ?? "";
    window.__benchSubmits.push([price, performance.timeOrigin + performance.now()]);
  }, true);
})()`;

/** [text or price as typed, wall-clock ms] pairs recorded in a page. */
export type Stamps = Array<[string, number]>;

/** Launches Debian's Chromium headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: chromiumArgs, headless: true });
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 30_000 });
}

/** Opens the market page in a fresh context (not signed in), waits for the live feed, records price changes. */
export async function openWatcher(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await waitLive(page);
  await page.evaluate(RECORD_SHOWN);
  return page;
}

/** Signs `email` in through the sign-in form, lands on the market page, records submits and price changes. */
export async function openTrader(browser: Browser, appUrl: string, marketPath: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${appUrl}/sign-in?callbackUrl=${encodeURIComponent(marketPath)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${appUrl}${marketPath}`);
  await waitLive(page);
  await page.evaluate(RECORD_SHOWN);
  await page.evaluate(RECORD_SUBMITS);
  return page;
}

/** Fills and submits the trade form as a user does, then waits until the page shows its own trade. */
export async function submitTrade(page: Page, price: string, amount: string): Promise<void> {
  await page.getByLabel("Price", { exact: true }).fill(price);
  await page.getByLabel("Amount", { exact: true }).fill(amount);
  await page.getByRole("button", { name: /^Buy / }).click();
  const cents = Math.round(Number(price) * 100);
  await page.waitForFunction(
    `Math.round(Number((document.querySelector('[data-testid="last-price"]')?.textContent ?? "").replace(/,/g, "")) * 100) === ${cents}`,
    undefined,
    { timeout: 30_000 },
  );
}

/** The price changes a page recorded. */
export function shownStamps(page: Page): Promise<Stamps> {
  return page.evaluate("window.__benchShown") as Promise<Stamps>;
}

/** The form submissions a trader page recorded. */
export function submitStamps(page: Page): Promise<Stamps> {
  return page.evaluate("window.__benchSubmits") as Promise<Stamps>;
}

/**
 * Offset of the page's clock from this process's (page - node, ms) and its uncertainty (half the
 * round trip), from the fastest of `samples` round trips.
 */
export async function clockOffset(page: Page, nodeNow: () => number, samples = 20): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: Number.NaN, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < samples; i += 1) {
    const before = nodeNow();
    const inPage = (await page.evaluate("performance.timeOrigin + performance.now()")) as number;
    const after = nodeNow();
    if ((after - before) / 2 < best.uncertaintyMs) best = { offsetMs: inPage - (before + after) / 2, uncertaintyMs: (after - before) / 2 };
  }
  return best;
}
