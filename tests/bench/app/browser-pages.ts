// Real Chromium pages for the app bench (playwright-core on Debian's Chromium): watcher pages (not signed
// in) that record when the price DOM node changes, when each tape row appears and each price frame arrives.
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumArgs, chromiumExecutablePath } from "../../support/chromium.ts";

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

// Installed before the page's scripts: stamps each `update` frame carrying a price (price_channel or market-<id>;
// the book's update on market-<id>-global has none) as the page's socket receives it.
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
          const price = frame.event === "update" ? JSON.parse(frame.data).price : undefined;
          if (typeof price === "string") window.__benchFrames.push([price, now]);
        } catch {}
      });
    }
  };
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
