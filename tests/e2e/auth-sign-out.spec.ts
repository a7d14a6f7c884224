// Signing out ends the session on the server, not only in the browser that signed out: a session cookie
// copied before sign-out (by malware, a shared machine, a proxy log) is refused afterwards by every
// place that reads a session: the notifications API, both Pusher auth routes, next-auth's session
// endpoint and the market page. Both ways out revoke: the user menu's sign-out action and next-auth's
// own POST /api/auth/signout. A stale copy cannot sign the user's new session out in turn.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test, type TestStack } from "./fixtures.ts";
import { AddressClient } from "./support/address-client.ts";

const PASSWORD = "sign-out test password";
const SESSION_COOKIE = "next-auth.session-token";

/** Creates an account through the sign-up form in `page` (which ends signed in on the market page). */
async function signUp(page: Page, stack: TestStack): Promise<string> {
  const email = `leaver-${randomUUID()}@example.com`;
  await page.goto(`${stack.appUrl}/sign-up?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
  await page.getByLabel("Name").fill("Leaver");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Leaver");
  return email;
}

/** A client (from its own loopback address) holding `cookie` as its session. */
function withCopiedSession(stack: TestStack, cookie: string, localAddress = "127.0.0.31"): AddressClient {
  const client = new AddressClient(stack.appUrl, localAddress);
  client.setCookie(SESSION_COOKIE, cookie);
  return client;
}

/** What the holder of a session cookie can read with it. */
async function whatTheCookieReads(client: AddressClient) {
  const notifications = await client.send("GET", "/api/notifications");
  const channelAuth = await client.send("POST", "/api/pusher/auth", { form: { socket_id: "1234.5678", channel_name: "presence-market" } });
  const userAuth = await client.send("POST", "/api/pusher/user-auth", { form: { socket_id: "1234.5678" } });
  const session = JSON.parse((await client.send("GET", "/api/auth/session")).text) as { user?: { email?: string } };
  const market = await client.send("GET", "/markets/btcusd");
  return {
    notifications: notifications.status,
    channelAuth: channelAuth.status,
    userAuth: userAuth.status,
    sessionEmail: session.user?.email ?? null,
    marketSignedIn: market.text.includes('data-testid="signed-in-as"'),
  };
}

test("a cookie copied before signing out through the user menu reads nothing afterwards", async ({ page, stack }) => {
  const email = await signUp(page, stack);
  const copied = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE)?.value ?? "";
  expect(copied).not.toBe("");
  const thief = withCopiedSession(stack, copied);
  expect(await whatTheCookieReads(thief)).toEqual({ notifications: 200, channelAuth: 200, userAuth: 200, sessionEmail: email, marketSignedIn: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  expect(await whatTheCookieReads(withCopiedSession(stack, copied, "127.0.0.32"))).toEqual({
    notifications: 401,
    channelAuth: 401,
    userAuth: 401,
    sessionEmail: null,
    marketSignedIn: false,
  });

  // Signing in again gives a working session.
  await page.goto(`${stack.appUrl}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
  expect(await page.evaluate(async () => (await fetch("/api/notifications")).status)).toBe(200);
  await page.context().close();
});

test("next-auth's POST /api/auth/signout revokes copies too; a stale copy cannot sign the new session out", async ({ page, stack }) => {
  const email = await signUp(page, stack);
  await page.context().close();

  const owner = new AddressClient(stack.appUrl, "127.0.0.33");
  expect((await owner.signIn(email, PASSWORD)).signedIn).toBe(true);
  const copied = owner.cookie(SESSION_COOKIE) ?? "";
  expect((await withCopiedSession(stack, copied).send("GET", "/api/notifications")).status).toBe(200);

  const { csrfToken } = JSON.parse((await owner.send("GET", "/api/auth/csrf")).text) as { csrfToken: string };
  const signOut = await owner.send("POST", "/api/auth/signout", { form: { csrfToken, json: "true" } });
  expect(signOut.status).toBeLessThan(400);
  expect(owner.cookie(SESSION_COOKIE)).toBeUndefined();
  expect((await withCopiedSession(stack, copied, "127.0.0.34").send("GET", "/api/notifications")).status).toBe(401);

  // The owner signs in again; the stale copy's own sign-out must not end that new session.
  expect((await owner.signIn(email, PASSWORD)).signedIn).toBe(true);
  const stale = withCopiedSession(stack, copied, "127.0.0.35");
  const staleCsrf = JSON.parse((await stale.send("GET", "/api/auth/csrf")).text) as { csrfToken: string };
  await stale.send("POST", "/api/auth/signout", { form: { csrfToken: staleCsrf.csrfToken, json: "true" } });
  expect((await owner.send("GET", "/api/notifications")).status).toBe(200);
});
