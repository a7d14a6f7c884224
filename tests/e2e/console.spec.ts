// The debug console (issue 9) against the real stack: the operator watches a trade pass through the
// Channels server, sends price_channel / update from the event creator and /market.html shows it; a
// signed-in non-operator and an anonymous visitor get no console and no log data.
import type { APIRequestContext, Page, PlaywrightWorkerArgs, Request } from "@playwright/test";
import PusherJs from "pusher-js";
import { cookieHeader, openSignedIn, pusherJsOnStack, pusherJsWithSession, signInThroughNextAuth } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { axeViolations } from "./support/axe.ts";
import { shownPrice, tradeThroughForm } from "./trade-helpers.ts";

PusherJs.logToConsole = false;

const OPERATOR = "operator@example.com";
const LOG_CHANNEL = "private-console-log";

/** A request context signed in as `email` (anonymous when null). */
async function session(playwright: PlaywrightWorkerArgs["playwright"], stack: TestStack, email: string | null): Promise<APIRequestContext> {
  const request = await playwright.request.newContext({ baseURL: stack.appUrl });
  if (email) await signInThroughNextAuth(request, email);
  return request;
}

/** The operator's console, signed in and watching the log channel. */
async function openConsole(browser: Parameters<typeof openSignedIn>[0], stack: TestStack): Promise<Page> {
  const page = await openSignedIn(browser, stack, OPERATOR, "/console");
  await expect(page.getByTestId("live-log")).toHaveAttribute("data-status", "subscribed");
  return page;
}

/** Fills the event creator and sends; resolves with the server action's request (to replay it). */
async function sendFromConsole(page: Page, channel: string, event: string, data: string): Promise<Request> {
  const creator = page.getByTestId("event-creator");
  await creator.getByLabel("Channel").fill(channel);
  await creator.getByLabel("Event").fill(event);
  await creator.getByLabel(/^Data/).fill(data);
  const actionRequest = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await creator.getByRole("button", { name: "Send event" }).click();
  return actionRequest;
}

test("the operator sees a trade pass as an API message on price_channel, live, and moves /market.html from the event creator", async ({ browser, stack }) => {
  const consolePage = await openConsole(browser, stack);
  const trader = await openSignedIn(browser, stack, "alice@example.com", "/markets/btcusd");
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(`${stack.appUrl}/market.html`);
  await viewer.waitForFunction(() => {
    const pusher = (window as unknown as { pusher?: { channel(name: string): { subscribed: boolean } | undefined } }).pusher;
    return pusher?.channel("price_channel")?.subscribed === true;
  });

  // A trade in another browser context shows up in the log, without a reload.
  const price = await tradeThroughForm(trader, stack, { side: "buy", amount: "0.0314" });
  const tradeRow = consolePage.locator('[data-testid="log-row"][data-type="api_message"][data-channel~="price_channel"]').filter({ hasText: `"price":"${price.replace(/\.?0+$/, "")}"` });
  await expect(tradeRow).toHaveCount(1);
  await expect(tradeRow).toContainText("update");
  // The same fill on the market's own channel, in the same batch.
  const marketRow = consolePage.locator('[data-testid="log-row"][data-type="api_message"][data-channel~="market-btcusd"]').filter({ hasText: `"tradeId":` }).filter({ hasText: `"price":"${price.replace(/\.?0+$/, "")}"` });
  await expect(marketRow).toHaveCount(1);
  // The page shown is the one first loaded: no navigation happened.
  expect(await consolePage.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);

  // The brief's walkthrough: send price_channel / update {"price": "12345.67"} by hand; /market.html shows it.
  await sendFromConsole(consolePage, "price_channel", "update", '{"price": "12345.67"}');
  await expect(consolePage.getByTestId("send-result")).toHaveAttribute("data-outcome", "ok");
  await expect(viewer.locator("#price")).toHaveText("12345.67");
  await expect(consolePage.locator('[data-testid="log-row"][data-type="api_message"]').filter({ hasText: '{"price": "12345.67"}' })).toHaveCount(1);

  // A full market page applies a price_channel update only when it names its market.
  await expect(trader.getByTestId("last-price")).toHaveText(shownPrice(price));
  await sendFromConsole(consolePage, "price_channel", "update", '{"price": "12000.5", "marketId": "ethusd"}');
  await expect(viewer.locator("#price")).toHaveText("12000.5");
  await expect(trader.getByTestId("last-price")).toHaveText(shownPrice(price));
  await sendFromConsole(consolePage, "price_channel", "update", '{"price": "12345.67", "marketId": "btcusd"}');
  await expect(trader.getByTestId("last-price")).toHaveText("12,345.67");

  // The server's refusal is shown inline, with its status: nobody may publish on the log channel.
  await sendFromConsole(consolePage, LOG_CHANNEL, "log", '{"rows": []}');
  await expect(consolePage.getByTestId("send-result")).toHaveAttribute("data-outcome", "error");
  await expect(consolePage.getByTestId("send-result")).toContainText("403");
  await expect(consolePage.getByTestId("send-result")).toContainText("reserved");

  // The channels panel lists what is occupied, with counts, through the HTTP API.
  await expect(consolePage.locator('[data-testid="channel-row"][data-channel="price_channel"]')).toBeVisible();
  await viewerContext.close();
});

test("the log's filters, pause and clear work on live rows", async ({ browser, stack }) => {
  const page = await openConsole(browser, stack);
  const log = page.getByTestId("live-log");
  await stack.triggerFromServer("filter-a", "alpha", { n: 1 });
  await stack.triggerFromServer("filter-b", "beta", { n: 2 });
  const apiRows = log.locator('[data-testid="log-row"][data-type="api_message"]');
  await expect(apiRows).toHaveCount(2);

  await log.getByLabel("Channel prefix").fill("filter-a");
  await expect(apiRows).toHaveCount(1);
  await log.getByLabel("Channel prefix").fill("");
  await log.getByLabel("Event name").fill("beta");
  await expect(apiRows).toHaveCount(1);
  await log.getByLabel("Event name").fill("");
  await log.getByLabel("Type").selectOption("api_message");
  await expect(log.locator('[data-testid="log-row"]:not([data-type="api_message"])')).toHaveCount(0);

  await log.getByRole("button", { name: "Pause" }).click();
  await stack.triggerFromServer("filter-c", "gamma", { n: 3 });
  await expect(page.getByTestId("log-status")).toHaveText(/Paused: [1-9]\d* new rows waiting/);
  await expect(log.locator('[data-testid="log-row"][data-channel="filter-c"]')).toHaveCount(0);
  await log.getByRole("button", { name: "Resume" }).click();
  await expect(log.locator('[data-testid="log-row"][data-channel="filter-c"]')).toHaveCount(1);

  // Data is shown verbatim and escaped: markup in an event is text, not HTML.
  await stack.triggerFromServer("filter-d", "markup", { html: "<img src=x onerror=alert(1)>" });
  const markup = log.locator('[data-testid="log-row"][data-channel="filter-d"] [data-testid="log-row-data"]');
  await expect(markup).toHaveText('{"html":"<img src=x onerror=alert(1)>"}');
  await expect(log.locator("img")).toHaveCount(0);

  // The console with live rows, filters and both side panels is WCAG 2 A/AA clean.
  await log.getByLabel("Type").selectOption("");
  await expect(page.locator('[data-testid="channel-row"]').first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await log.getByRole("button", { name: "Clear" }).click();
  await expect(log.locator('[data-testid="log-row"]')).toHaveCount(0);
});

test.describe("anyone but the operator", () => {
  let bob: APIRequestContext;
  let anonymous: APIRequestContext;

  test.beforeAll(async ({ playwright, stack }) => {
    bob = await session(playwright, stack, "bob@example.com");
    anonymous = await session(playwright, stack, null);
  });

  test.afterAll(async () => {
    await bob.dispose();
    await anonymous.dispose();
  });

  test("gets no console page: a signed-in trader a 404, a visitor the sign-in page", async ({ browser, stack }) => {
    const trader = await openSignedIn(browser, stack, "bob@example.com", "/markets/btcusd");
    const answer = await trader.goto(`${stack.appUrl}/console`);
    expect(answer?.status()).toBe(404);
    await expect(trader.getByTestId("live-log")).toHaveCount(0);

    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${stack.appUrl}/console`);
    await expect(visitor).toHaveURL(/\/sign-in\?callbackUrl=%2Fconsole$/);
    await expect(visitor.getByTestId("live-log")).toHaveCount(0);
  });

  test("cannot subscribe to the log channel with pusher-js: 403 signed in, 401 signed out, and receives no row", async ({ browser, stack }) => {
    // The operator watches, so the server is publishing rows the whole time.
    const consolePage = await openConsole(browser, stack);
    for (const [cookie, status, price] of [[await cookieHeader(bob), 403, "1.25"], [null, 401, "1.5"]] as const) {
      const client = pusherJsWithSession(stack, cookie);
      try {
        const channel = client.subscribe(LOG_CHANNEL);
        const rows: unknown[] = [];
        channel.bind("log", (data: unknown) => rows.push(data));
        const error = await new Promise<{ type?: string; error?: string }>((resolve) => channel.bind("pusher:subscription_error", resolve));
        expect(error.type).toBe("AuthError");
        expect(error.error).toContain(String(status));
        await stack.triggerFromServer("price_channel", "update", { price });
        await expect(consolePage.locator('[data-testid="log-row"][data-type="api_message"]').filter({ hasText: `"price":"${price}"` })).toHaveCount(1);
        expect(channel.subscribed).toBe(false);
        expect(rows).toEqual([]);
      } finally {
        client.disconnect();
      }
    }
    // Nor straight at the app's auth route, whatever the body says.
    const direct = await bob.post("/api/pusher/auth", { form: { socket_id: "1234.5678", channel_name: LOG_CHANNEL } });
    expect(direct.status()).toBe(403);
    expect(((await direct.json()) as { auth?: string }).auth).toBeUndefined();
  });

  test("is refused by the console's routes and by its action replayed with their own cookies; nothing is sent", async ({ browser, stack }) => {
    for (const request of [bob, anonymous]) {
      for (const path of ["/api/console/channels", "/api/console/app-log?after=0"]) {
        const answer = await request.get(path);
        expect(answer.status()).toBe(404);
        expect(await answer.text()).not.toContain("channels\":[");
        expect((await request.post(path, { data: {} })).status()).not.toBe(200);
      }
    }

    // Capture the event creator's real action request as the operator, then replay it as the others.
    const probe = pusherJsOnStack(stack);
    const received: unknown[] = [];
    try {
      const channel = probe.subscribe("console-probe");
      await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      channel.bind("poke", (data: unknown) => received.push(data));
      const consolePage = await openConsole(browser, stack);
      const action = await sendFromConsole(consolePage, "console-probe", "poke", '{"n": 1}');
      await expect(consolePage.getByTestId("send-result")).toHaveAttribute("data-outcome", "ok");
      await expect.poll(() => received.length).toBe(1);

      const headers = action.headers();
      for (const request of [bob, anonymous]) {
        const replay = await request.post(action.url(), {
          headers: {
            "next-action": headers["next-action"] ?? "",
            "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
            accept: "text/x-component",
            origin: stack.appUrl,
          },
          data: action.postData() ?? "",
        });
        const text = await replay.text();
        expect(text).toContain('"refused":true');
        expect(text).not.toContain('"ok":true');
      }
      // The operator's next send arrives right after the first: the replays delivered nothing in between.
      await sendFromConsole(consolePage, "console-probe", "poke", '{"n": 2}');
      await expect.poll(() => received.length).toBe(2);
      expect(received).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      probe.disconnect();
    }
  });
});
