// POST /api/pusher/webhook against the real app: signed bodies (built with the stack's app secret) are
// accepted and logged, bad or missing signatures get 401, malformed bodies 400, oversized ones 413; and
// the Channels server's own webhooks arrive when a real client subscribes and leaves.
import { randomUUID } from "node:crypto";
import PusherJs from "pusher-js";
import { pusherJsOnStack, readUser, sign } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";

PusherJs.logToConsole = false;

/** POSTs `body` to the webhook route with the given signing headers. */
async function postWebhook(stack: TestStack, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${stack.appUrl}/api/pusher/webhook`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Headers that sign `body` as the stack's Channels app. */
function signedBy(stack: TestStack, body: string): Record<string, string> {
  return { "x-pusher-key": stack.env.PUSHER_KEY ?? "", "x-pusher-signature": sign(stack.env.PUSHER_SECRET ?? "", body) };
}

/** Resolves once the app has logged a line containing `text`. */
async function appLogged(stack: TestStack, text: string): Promise<void> {
  await expect.poll(() => stack.recentOutput().app.some((line) => line.includes(text)), { timeout: 15_000 }).toBe(true);
}

function webhookBody(events: object[]): string {
  return JSON.stringify({ time_ms: Date.now(), events });
}

test("a well-signed webhook is accepted (200) and each event logged on one line", async ({ stack }) => {
  const channel = `e2e-signed-${randomUUID()}`;
  const body = webhookBody([
    { name: "channel_occupied", channel },
    { name: "member_added", channel: "presence-market", user_id: `user-${channel}` },
  ]);
  expect(await postWebhook(stack, body, signedBy(stack, body))).toBe(200);
  await appLogged(stack, `[pusher-webhook] channel_occupied ${channel}`);
  await appLogged(stack, `[pusher-webhook] member_added presence-market user=user-${channel}`);
});

test("a bad or missing signature is refused with 401 and nothing is logged", async ({ stack }) => {
  const channel = `e2e-forged-${randomUUID()}`;
  const body = webhookBody([{ name: "channel_occupied", channel }]);
  const good = signedBy(stack, body);
  const attempts: Record<string, string>[] = [
    {},
    { "x-pusher-key": good["x-pusher-key"] ?? "" },
    { ...good, "x-pusher-signature": sign("not-the-secret", body) },
    { ...good, "x-pusher-signature": sign(stack.env.PUSHER_SECRET ?? "", `${body} `) },
    { ...good, "x-pusher-key": "another-app-key" },
  ];
  for (const headers of attempts) expect(await postWebhook(stack, body, headers), JSON.stringify(headers)).toBe(401);
  // A signed request after them shows the log is live; the forged channel never made it in.
  const marker = webhookBody([{ name: "channel_vacated", channel: `${channel}-marker` }]);
  expect(await postWebhook(stack, marker, signedBy(stack, marker))).toBe(200);
  await appLogged(stack, `channel_vacated ${channel}-marker`);
  expect(stack.recentOutput().app.filter((line) => line.includes(`channel_occupied ${channel}`))).toEqual([]);
});

test("a replayed or stale delivery is refused (409 / 401) however well signed", async ({ stack }) => {
  const channel = `e2e-replay-${randomUUID()}`;
  const body = webhookBody([{ name: "channel_occupied", channel }]);
  const headers = signedBy(stack, body);
  expect(await postWebhook(stack, body, headers)).toBe(200);
  // The same signed bytes again (a captured delivery, or a retry of one already accepted).
  expect(await postWebhook(stack, body, headers)).toBe(409);
  // Well signed, but stamped 10 minutes ago / ahead: outside the 6-minute window.
  for (const offset of [-10 * 60_000, 10 * 60_000]) {
    const stale = JSON.stringify({ time_ms: Date.now() + offset, events: [{ name: "channel_occupied", channel: `${channel}-stale` }] });
    expect(await postWebhook(stack, stale, signedBy(stack, stale)), String(offset)).toBe(401);
  }
  // A new delivery (its own time_ms and signature) is still welcome.
  const next = JSON.stringify({ time_ms: Date.now() + 1, events: [{ name: "channel_vacated", channel }] });
  expect(await postWebhook(stack, next, signedBy(stack, next))).toBe(200);
});

test("a well-signed but malformed body is refused with 400; an oversized one with 413", async ({ stack }) => {
  for (const body of ["not json", "[]", JSON.stringify({ time_ms: 1 }), JSON.stringify({ time_ms: 1, events: [{ channel: "x" }] }), JSON.stringify({ time_ms: "soon", events: [] })]) {
    expect(await postWebhook(stack, body, signedBy(stack, body)), body).toBe(400);
  }
  const huge = webhookBody([{ name: "channel_occupied", channel: "x".repeat(300 * 1024) }]);
  expect(await postWebhook(stack, huge, signedBy(stack, huge))).toBe(413);
});

test("the Channels server's real webhooks reach the app: occupied and vacated, presence members", async ({ browser, stack }) => {
  const channel = `e2e-live-${randomUUID()}`;
  const client = pusherJsOnStack(stack);
  try {
    const subscribed = client.subscribe(channel);
    await new Promise<void>((resolve) => subscribed.bind("pusher:subscription_succeeded", () => resolve()));
    await appLogged(stack, `[pusher-webhook] channel_occupied ${channel}`);
    client.unsubscribe(channel);
    await appLogged(stack, `[pusher-webhook] channel_vacated ${channel}`);
  } finally {
    client.disconnect();
  }

  // A new account's market page joins presence-market: member_added with its (never seen before) id.
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `webhook-${randomUUID()}@example.com`;
  await page.goto(`${stack.appUrl}/sign-up?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
  await page.getByLabel("Name").fill("Webhook Watcher");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("watcher password");
  await page.getByLabel("Confirm password").fill("watcher password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
  const watcher = readUser(stack, email);
  await appLogged(stack, `[pusher-webhook] member_added presence-market user=${watcher.id}`);
  await context.close();
  await appLogged(stack, `[pusher-webhook] member_removed presence-market user=${watcher.id}`);
});
