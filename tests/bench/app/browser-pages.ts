// Real Chromium pages for the app bench (playwright-core on Debian's Chromium): watcher pages that
// record when the price DOM node changes, and signed-in trader pages that submit the trade form.
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumArgs, chromiumExecutablePath } from "../../support/chromium.ts";

/** The demo password of the seeded users (lib/seed/seed-users.ts). */
const DEMO_PASSWORD = "demo-password";

// Page scripts are strings: functions would be serialized after tsx's transform, which may add helpers.
// Records the last-price node's changes and, separately, each new tape row's price.
const RECORD_SHOWN = `(() => {
  const read = () => document.querySelector('[data-testid="last-price"]')?.textContent ?? "";
  let last = read();
  const seenRows = new WeakSet(document.querySelectorAll('[data-testid="trade-row"]'));
  window.__benchShown = [];
  window.__benchRows = [];
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    const text = read();
    if (text !== last) {
      last = text;
      window.__benchShown.push([text, now]);
    }
    for (const row of document.querySelectorAll('[data-testid="trade-row"]')) {
      if (seenRows.has(row)) continue;
      seenRows.add(row);
      window.__benchRows.push([row.querySelector(".trade-price")?.textContent ?? "", now]);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

// Installed before the page's scripts: stamps each `update` frame (price_channel or market-<id>) as the page's socket receives it.
const RECORD_FRAMES = `(() => {
  window.__benchFrames = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const now = performance.timeOrigin + performance.now();
        if (typeof event.data !== "string" || !event.data.includes('"update"')) return;
        try {
          const frame = JSON.parse(event.data);
          if (frame.event === "update") window.__benchFrames.push([JSON.parse(frame.data).price, now]);
        } catch {}
      });
    }
  };
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
  return chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 30_000 });
}

/** Opens the market page in a fresh context (not signed in), waits for the live feed, records frames and price changes. */
export async function openWatcher(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(RECORD_FRAMES);
  await page.goto(url);
  await waitLive(page);
  await page.evaluate(RECORD_SHOWN);
  return page;
}

/** A server-action POST seen by a trader page: when it started (wall ms) and its round trip (ms). */
export interface ActionTiming {
  startedAt: number;
  roundTripMs: number;
}

/**
 * Signs `email` in through the sign-in form, lands on the market page, records submits and price
 * changes; every server-action POST's round trip (request start -> response end) goes to `actions`.
 */
export async function openTrader(browser: Browser, appUrl: string, marketPath: string, email: string, actions: ActionTiming[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on("requestfinished", (request) => {
    if (request.method() !== "POST" || request.headers()["next-action"] === undefined) return;
    const timing = request.timing();
    actions.push({ startedAt: timing.startTime, roundTripMs: timing.responseEnd });
  });
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

/**
 * Fills and submits the trade form in one round trip to the page: sets the inputs the way typing
 * does (native value setter + input event, so React's state follows), lets React commit, submits
 * with form.requestSubmit() (React runs its form action: the real server action), then waits until
 * the page's tape shows its own trade (applied from the action's reply) and the form is no longer
 * busy (it ignores submits while pending). Resolves with null, or the form's error message when the
 * action refused the trade.
 */
export async function submitTrade(page: Page, price: string, amount: string): Promise<string | null> {
  return (await page.evaluate(`(async () => {
    const form = document.querySelector("form.trade-form");
    const type = (name, value) => {
      const input = form.querySelector('input[name="' + name + '"]');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    type("price", ${JSON.stringify(price)});
    type("amount", ${JSON.stringify(amount)});
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cents = (text) => Math.round(Number((text ?? "").replace(/,/g, "")) * 100);
    const outcome = () => {
      if (form.querySelector('button[type="submit"]')?.getAttribute("aria-busy") === "true") return undefined;
      for (const cell of document.querySelectorAll('[data-testid="trade-row"] .trade-price')) if (cents(cell.textContent) === ${Math.round(Number(price) * 100)}) return null;
      const error = form.querySelector(".form-error");
      return error ? error.textContent : undefined;
    };
    const done = new Promise((resolve) => {
      const timer = setTimeout(() => resolve("not shown on its own page within 30 s"), 30000);
      const observer = new MutationObserver(() => {
        const result = outcome();
        if (result === undefined) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(result);
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    form.requestSubmit();
    return await done;
  })()`)) as string | null;
}

/** The price the page's last-price node shows now, as a number. */
export async function currentPrice(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid="last-price"]').first().textContent()) ?? "";
  return Number(text.replace(/,/g, ""));
}

/** The price changes a page recorded. */
export function shownStamps(page: Page): Promise<Stamps> {
  return page.evaluate("window.__benchShown") as Promise<Stamps>;
}

/** The `update` frames a watcher page's socket received. */
export function frameStamps(page: Page): Promise<Stamps> {
  return page.evaluate("window.__benchFrames") as Promise<Stamps>;
}

/** The tape rows (by price) a page added. */
export function rowStamps(page: Page): Promise<Stamps> {
  return page.evaluate("window.__benchRows") as Promise<Stamps>;
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
