// Private channels and presence end to end in Chromium, two users in two browser contexts: a trade
// notifies its trader only (decrypted in the trader's page, ciphertext on the wire; the page that made
// it announces it once, by the form, and the trader's other tabs alert it), the other user
// neither receives it nor can authorize the trader's channel (real pusher-js in their page, and a
// direct POST), presence shows both then one, and what happens while the Channels server is down (a
// resting order filled by someone else) shows after the reconnect: the notification, the fill marked
// "(you)" on the tape, the open orders, history and balances re-read.
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";
import { readUser, signInThroughForm } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";
import { freePrice, orderForm, restOrder, shownPrice, submitOrder, takeFromBook } from "./trade-helpers.ts";

const MARKET_PATH = "/markets/btcusd";

/** A signed-in page on the market, recording every websocket frame it receives. */
interface Viewer {
  page: Page;
  frames: string[];
}

async function openViewer(browser: Browser, stack: TestStack, email: string): Promise<Viewer> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const frames: string[] = [];
  page.on("websocket", (socket) => socket.on("framereceived", (frame) => frames.push(String(frame.payload))));
  await signInThroughForm(page, stack, email, MARKET_PATH);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  return { page, frames };
}

async function unreadCount(page: Page): Promise<number> {
  return Number(await page.getByTestId("unread-count").getAttribute("data-count"));
}

/** Frames of the `trade` event on `channel`, parsed. */
function tradeFrames(frames: string[], channel: string): { event: string; channel: string; data: string }[] {
  return frames
    .map((frame) => JSON.parse(frame) as { event: string; channel?: string; data: unknown })
    .filter((frame): frame is { event: string; channel: string; data: string } => frame.event === "trade" && frame.channel === channel);
}

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("A's trade notifies A only; B can neither receive nor authorize A's channel; presence follows who is there", async ({ browser, stack }) => {
  // Two signed-in pages, a second tab and three orders: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const alice = readUser(stack, "alice@example.com");
  const bob = readUser(stack, "bob@example.com");
  const aliceChannel = `private-encrypted-user-${alice.sn}`;
  const bobChannel = `private-encrypted-user-${bob.sn}`;

  const a = await openViewer(browser, stack, alice.email);
  const b = await openViewer(browser, stack, bob.email);

  // Presence: both pages list both users.
  for (const { page } of [a, b]) {
    await expect(page.getByTestId("presence-count")).toHaveAttribute("data-count", "2");
    await expect(page.getByTestId("presence-member")).toHaveText([/^Alice/, /^Bob/]);
  }
  await expect(a.page.getByTestId("presence-member").filter({ hasText: "(you)" })).toHaveText("Alice (you)");

  const aliceUnread = await unreadCount(a.page);
  const bobUnread = await unreadCount(b.page);

  // Alice trades (against the market maker's book: nobody else on the page is her counterparty): the form
  // confirms it, her private channel's event reaches her badge, her list shows it.
  const bought = await takeFromBook(a.page, stack, { side: "buy", amount: "0.0010" });
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(aliceUnread + 1));
  // The private event has arrived (the badge counted it): this page announced the trade once, by the form.
  await expect(a.page.getByTestId("private-trade-alert")).toBeEmpty();
  await expect(a.page.getByText(/Bought 0\.0010? BTC/).filter({ visible: true })).toHaveCount(1);
  await a.page.getByRole("button", { name: /^Notifications/ }).click();
  const aliceNotice = a.page.getByTestId("notification").first();
  await expect(aliceNotice).toContainText("Trade confirmed · BTC/USD");
  await expect(aliceNotice).toContainText(`Bought 0.001 BTC at ${shownPrice(bought)} USD`);
  await a.page.keyboard.press("Escape");

  // On the wire the Channels server relayed only ciphertext: {nonce, ciphertext}, no trade text.
  const [aliceFrame] = tradeFrames(a.frames, aliceChannel);
  expect(aliceFrame).toBeDefined();
  expect(Object.keys(JSON.parse(aliceFrame?.data ?? "{}") as object).sort()).toEqual(["ciphertext", "nonce"]);
  expect(aliceFrame?.data).not.toContain("Bought");
  expect(aliceFrame?.data).not.toContain(bought);

  // Alice trades again from a second tab: that tab's form announces it, her first tab alerts it.
  const aliceSecondTab = await a.page.context().newPage();
  await aliceSecondTab.goto(`${stack.appUrl}${MARKET_PATH}`);
  await expect(aliceSecondTab.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  const sold = await takeFromBook(aliceSecondTab, stack, { side: "sell", amount: "0.0010" });
  await expect(a.page.getByTestId("private-trade-alert")).toContainText(`Sold 0.001 BTC at ${shownPrice(sold)} USD on BTC/USD`);
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(aliceUnread + 2));
  await expect(aliceSecondTab.getByTestId("unread-count")).toHaveAttribute("data-count", String(aliceUnread + 2));
  await expect(aliceSecondTab.getByTestId("private-trade-alert")).toBeEmpty();
  const aliceAlert = await a.page.getByTestId("private-trade-alert").getAttribute("data-trade-id");
  await aliceSecondTab.close();

  // Bob trades next. His socket receives his own event after anything from Alice's earlier trigger,
  // so once his confirmation is here, a leak of Alice's would already have arrived.
  await expect(b.page.getByTestId("last-price")).toHaveText(shownPrice(sold));
  const bobSold = await takeFromBook(b.page, stack, { side: "sell", amount: "0.0020" });
  await expect(b.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(bobUnread + 1));
  await expect(b.page.getByTestId("private-trade-alert")).toBeEmpty();
  await b.page.getByRole("button", { name: /^Notifications/ }).click();
  await expect(b.page.getByTestId("notification").first()).toContainText(`Sold 0.002 BTC at ${shownPrice(bobSold)} USD`);
  // Bob may hold 0.001 BTC notices of his own from earlier specs in this worker: look for Alice's two exactly.
  await expect(b.page.getByTestId("notification").filter({ hasText: `Bought 0.001 BTC at ${shownPrice(bought)} USD` })).toHaveCount(0);
  await expect(b.page.getByTestId("notification").filter({ hasText: `Sold 0.001 BTC at ${shownPrice(sold)} USD` })).toHaveCount(0);
  expect(b.frames.some((frame) => frame.includes(alice.sn))).toBe(false);
  expect(tradeFrames(b.frames, bobChannel)).toHaveLength(1);
  expect(b.frames.filter((frame) => (JSON.parse(frame) as { event: string }).event === "trade")).toHaveLength(1);
  // ... and Alice never got Bob's.
  await expect(a.page.getByTestId("last-price")).toHaveText(shownPrice(bobSold));
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(aliceUnread + 2));
  await expect(a.page.getByTestId("private-trade-alert")).toHaveAttribute("data-trade-id", aliceAlert ?? "");
  expect(a.frames.some((frame) => frame.includes(bob.sn))).toBe(false);

  // Bob tries Alice's channel by a direct POST from his page (his real session cookie): refused.
  const direct = await b.page.evaluate(async (channel) => {
    const response = await fetch("/api/pusher/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ socket_id: "1234.5678", channel_name: channel }).toString(),
    });
    return { status: response.status, body: await response.text() };
  }, aliceChannel);
  expect(direct.status).toBe(403);
  expect(direct.body).not.toContain("auth\":\"");

  // ... and through the real pusher-js client (the encrypted web build) running in his page.
  await b.page.addScriptTag({ path: path.join(REPO_ROOT, "node_modules/pusher-js/dist/web/pusher-with-encryption.min.js") });
  const refusal = await b.page.evaluate(
    ({ key, port, channel }) =>
      new Promise<unknown>((resolve) => {
        const PusherCtor = (window as unknown as { Pusher: new (key: string, options: object) => { subscribe(name: string): { bind(event: string, cb: (data: unknown) => void): void }; disconnect(): void } }).Pusher;
        const client = new PusherCtor(key, {
          cluster: "mt1",
          wsHost: "127.0.0.1",
          wsPort: port,
          forceTLS: false,
          enabledTransports: ["ws"],
          channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
        });
        const subscription = client.subscribe(channel);
        subscription.bind("pusher:subscription_error", (error) => {
          client.disconnect();
          resolve(error);
        });
        subscription.bind("pusher:subscription_succeeded", () => {
          client.disconnect();
          resolve("subscribed");
        });
      }),
    { key: stack.env.PUSHER_KEY ?? "", port: stack.channelsPort, channel: aliceChannel },
  );
  expect(refusal).toMatchObject({ type: "AuthError", status: 403 });

  // Presence: Alice closes her tab; Bob's page shows only himself.
  await a.page.context().close();
  await expect(b.page.getByTestId("presence-count")).toHaveAttribute("data-count", "1");
  await expect(b.page.getByTestId("presence-member")).toHaveText(["Bob (you)"]);
});

test("a resting order filled while the Channels server is down: after the reconnect the notification, the fill marked as hers, her orders and balances show, without a reload", async ({ browser, stack }) => {
  const a = await openViewer(browser, stack, "alice@example.com");
  await a.page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
  const before = await unreadCount(a.page);
  const btc = a.page.locator('[data-testid="balance-row"][data-currency="btc"]');
  const lockedBefore = await btc.getAttribute("data-locked");

  // Alice rests a sell through her form: it is listed as open and its amount is locked.
  const price = await freePrice(stack);
  await submitOrder(a.page, { side: "sell", price, amount: "0.0100" });
  await expect(orderForm(a.page).status).toHaveText(`Sell order placed: 0.0100 BTC at ${shownPrice(price)} USD.`);
  const openOrder = a.page.getByTestId("open-order").filter({ hasText: shownPrice(price) });
  await expect(openOrder).toHaveCount(1);
  const orderId = await openOrder.getAttribute("data-order-id");
  await expect(btc).not.toHaveAttribute("data-locked", lockedBefore ?? "");

  // Bob fills it while the Channels server is down: the app records it; its announcements fail.
  await stack.stopChannels();
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", /^(reconnecting|offline)$/);
  const fill = await restOrder(stack, "bob@example.com", { side: "buy", price, amount: "0.0100" });
  expect(fill.order?.state).toBe("done");
  const tradeId = fill.fills?.[0]?.id;
  expect(tradeId).toBeDefined();
  // Nothing reached the page: the stored notification is not counted, the order still shows as open.
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(before));
  await expect(openOrder).toHaveCount(1);

  await stack.startChannels();
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", String(before + 1));
  // Re-read after the reconnect: the order is filled, its lock is back, the fill is hers on the tape.
  await expect(a.page.locator(`[data-testid="open-order"][data-order-id="${orderId}"]`)).toHaveCount(0);
  await expect(a.page.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`)).toHaveAttribute("data-state", "done");
  await expect(btc).toHaveAttribute("data-locked", lockedBefore ?? "");
  const row = a.page.locator(`[data-testid="trade-row"][data-trade-id="${tradeId}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("(you)");
  // The fill missed while offline is told as the socket would have told it.
  await expect(a.page.getByTestId("private-trade-alert")).toContainText(`Sold 0.01 BTC at ${shownPrice(price)} USD on BTC/USD`);
  await a.page.getByRole("button", { name: /^Notifications/ }).click();
  await expect(a.page.getByTestId("notification").first()).toContainText(`Sold 0.01 BTC at ${shownPrice(price)} USD`);
  await expect(a.page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");

  // Marking all read is stored: a reload shows zero.
  await a.page.getByRole("button", { name: "Mark all read" }).click();
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", "0");
  await a.page.reload();
  await expect(a.page.getByTestId("unread-count")).toHaveAttribute("data-count", "0");
});
