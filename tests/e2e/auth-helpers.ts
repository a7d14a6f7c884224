// Helpers for the account specs: real sessions (next-auth's credentials callback with its CSRF token,
// or the sign-in form), the users' ids and sns from the stack's database, and Pusher signatures.
import { createHmac } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import PusherJs from "pusher-js";
import { expect, type TestStack } from "./fixtures.ts";
import { readStackDb } from "./support/stack-db.ts";

/** The demo password (lib/seed/seed-users.ts). */
export const DEMO_PASSWORD = "demo-password";

/** A seeded user as the database knows them. */
export interface StoredUser {
  id: string;
  name: string;
  email: string;
  sn: string;
}

/** Reads a user's id, name and sn straight from the stack's SQLite file (the test's ground truth). */
export function readUser(stack: TestStack, email: string): StoredUser {
  const row = readStackDb(stack, (db) => db.prepare("SELECT id, name, email, sn FROM User WHERE email = ?").get(email) as StoredUser | undefined);
  if (!row) throw new Error(`no user ${email} in ${stack.databaseUrl}`);
  return row;
}

/** Signs `request` in through next-auth: GET /api/auth/csrf, then POST the credentials callback. */
export async function signInThroughNextAuth(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<void> {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  expect(callback.status()).toBeLessThan(400);
  const session = await request.get("/api/auth/session");
  expect(((await session.json()) as { user?: { email?: string } }).user?.email).toBe(email);
}

/** The `Cookie` header value of `request`'s cookies (for clients outside Playwright, such as pusher-js in Node). */
export async function cookieHeader(request: APIRequestContext): Promise<string> {
  const { cookies } = await request.storageState();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/** Signs a page in through the sign-in form, as a user does, and waits for the page it returns to. */
export async function signInThroughForm(page: Page, stack: TestStack, email: string, returnTo: string): Promise<void> {
  await page.goto(`${stack.appUrl}/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${stack.appUrl}${returnTo}`);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

/** A new browser context (of `viewport` when given) signed in as `email` and showing `path` with a live feed. */
export async function openSignedIn(
  browser: Browser,
  stack: TestStack,
  email: string,
  path: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await signInThroughForm(page, stack, email, path);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
  return page;
}

/** Hex HMAC-SHA256 of `text` with the app secret, as the pusher SDK signs. */
export function sign(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

/** A pusher-js (Node build) client on the stack's Channels server, for public channels. */
export function pusherJsOnStack(stack: TestStack): PusherJs {
  return new PusherJs(stack.env.PUSHER_KEY ?? "", pusherJsOptions(stack));
}

function pusherJsOptions(stack: TestStack) {
  return { cluster: "mt1", wsHost: "127.0.0.1", wsPort: stack.channelsPort, forceTLS: false, enabledTransports: ["ws" as const] };
}

/**
 * A pusher-js (Node build) client on the stack's Channels server whose channel authorization and
 * user authentication go to the app's real endpoints with `cookie` as the session.
 */
export function pusherJsWithSession(stack: TestStack, cookie: string | null): PusherJs {
  const post = async (path: string, body: Record<string, string>) => {
    const response = await fetch(`${stack.appUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(body).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const fail = (status: number) => Object.assign(new Error(`auth answered ${status}`), { status });
  return new PusherJs(stack.env.PUSHER_KEY ?? "", {
    ...pusherJsOptions(stack),
    channelAuthorization: {
      transport: "ajax",
      endpoint: "/api/pusher/auth",
      customHandler: ({ socketId, channelName }, callback) => {
        post("/api/pusher/auth", { socket_id: socketId, channel_name: channelName }).then(
          ({ status, body }) => (status === 200 ? callback(null, body as never) : callback(fail(status), null)),
          (error: Error) => callback(error, null),
        );
      },
    },
    userAuthentication: {
      transport: "ajax",
      endpoint: "/api/pusher/user-auth",
      customHandler: ({ socketId }, callback) => {
        post("/api/pusher/user-auth", { socket_id: socketId }).then(
          ({ status, body }) => (status === 200 ? callback(null, body as never) : callback(fail(status), null)),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
}
