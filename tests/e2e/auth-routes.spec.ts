// The auth routes against the real running app with real sessions (next-auth's credentials callback
// over HTTP with its CSRF token): POST /api/pusher/auth and /api/pusher/user-auth in every branch,
// checked byte for byte against the app secret and the encryption master key, then used for real by
// pusher-js on our Channels server. A second `next start` without a master key covers clear channels.
// Also: the sign-up and sign-in forms (field errors, new account, sign-out).
import { createHash } from "node:crypto";
import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import type { PresenceChannel } from "pusher-js";
import { freePort, type Child } from "../../scripts/lib/processes.ts";
import { startNextApp } from "../../scripts/lib/stack.ts";
import { cookieHeader, pusherJsWithSession, readUser, sign, signInThroughNextAuth, type StoredUser } from "./auth-helpers.ts";
import { expect, test } from "./fixtures.ts";

PusherJs.logToConsole = false;

const SOCKET_ID = "1234.5678";

type AuthBody = { auth?: string; channel_data?: string; shared_secret?: string; user_data?: string; error?: string };

/** POSTs a form body the way pusher-js does. */
async function postForm(request: APIRequestContext, path: string, form: Record<string, string>) {
  const response = await request.post(path, { form });
  return { status: response.status(), body: (await response.json()) as AuthBody };
}

/** The shared secret Pusher derives for an encrypted channel: SHA-256(channel name + master key). */
function sharedSecret(channel: string, masterKeyBase64: string): string {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(channel), Buffer.from(masterKeyBase64, "base64")]))
    .digest("base64");
}

/** A request context on `baseURL`, signed in as `email` unless null. */
async function session(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string | null): Promise<APIRequestContext> {
  const request = await playwright.request.newContext({ baseURL });
  if (email) await signInThroughNextAuth(request, email);
  return request;
}

test.describe("POST /api/pusher/auth and /api/pusher/user-auth (encryption on)", () => {
  let alice: StoredUser;
  let bob: StoredUser;
  let aliceRequest: APIRequestContext;
  let anonymous: APIRequestContext;

  test.beforeAll(async ({ playwright, stack }) => {
    expect(stack.env.PUSHER_ENCRYPTION_MASTER_KEY_BASE64).toBeTruthy();
    alice = readUser(stack, "alice@example.com");
    bob = readUser(stack, "bob@example.com");
    aliceRequest = await session(playwright, stack.appUrl, alice.email);
    anonymous = await session(playwright, stack.appUrl, null);
  });

  test.afterAll(async () => {
    await aliceRequest.dispose();
    await anonymous.dispose();
  });

  test("without a session: 401 from both routes, whatever the channel", async () => {
    for (const channel_name of [`private-encrypted-user-${alice.sn}`, "presence-market", "price_channel", "bad name"]) {
      const { status, body } = await postForm(anonymous, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name });
      expect(status).toBe(401);
      expect(body.auth).toBeUndefined();
    }
    expect((await postForm(anonymous, "/api/pusher/user-auth", { socket_id: SOCKET_ID })).status).toBe(401);
    expect((await anonymous.get("/api/notifications")).status()).toBe(401);
  });

  test("a forged or foreign session cookie counts as no session", async ({ playwright, stack }) => {
    const forged = await playwright.request.newContext({
      baseURL: stack.appUrl,
      extraHTTPHeaders: { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.token.value.x" },
    });
    try {
      const { status } = await postForm(forged, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: "presence-market" });
      expect(status).toBe(401);
    } finally {
      await forged.dispose();
    }
  });

  test("the session user's own encrypted channel: signed, with the channel's shared secret", async ({ stack }) => {
    const channel = `private-encrypted-user-${alice.sn}`;
    const { status, body } = await postForm(aliceRequest, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: channel });
    expect(status).toBe(200);
    expect(body.auth).toBe(`${stack.env.PUSHER_KEY}:${sign(stack.env.PUSHER_SECRET ?? "", `${SOCKET_ID}:${channel}`)}`);
    expect(body.shared_secret).toBe(sharedSecret(channel, stack.env.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 ?? ""));
    expect(body.channel_data).toBeUndefined();
  });

  test("someone else's sn: 403, encrypted or clear, even with the right shape", async () => {
    for (const channel_name of [`private-encrypted-user-${bob.sn}`, `private-user-${bob.sn}`]) {
      const { status, body } = await postForm(aliceRequest, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name });
      expect(status).toBe(403);
      expect(body.auth).toBeUndefined();
      expect(body.shared_secret).toBeUndefined();
    }
  });

  test("with encryption on, the clear name of one's own channel is refused (events go to the encrypted one)", async () => {
    const { status } = await postForm(aliceRequest, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: `private-user-${alice.sn}` });
    expect(status).toBe(403);
  });

  test("prefixes and extensions of one's own channel name are refused", async () => {
    const own = `private-encrypted-user-${alice.sn}`;
    for (const channel_name of [own.slice(0, -1), `${own}0`, `${own}.x`, `private-encrypted-user-`, own.toUpperCase()]) {
      expect((await postForm(aliceRequest, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name })).status).toBe(403);
    }
  });

  test("public, other private and non-allow-listed presence channels: 403", async () => {
    for (const channel_name of ["price_channel", "market-btcusd", "private-market", "private-cache-x", "presence-admin", "presence-market-2", "cache-x"]) {
      const { status, body } = await postForm(aliceRequest, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name });
      expect(status, channel_name).toBe(403);
      expect(body.auth).toBeUndefined();
    }
  });

  test("malformed channel names and socket ids: 400", async () => {
    const own = `private-encrypted-user-${alice.sn}`;
    const malformed: Record<string, string>[] = [
      { socket_id: SOCKET_ID, channel_name: "" },
      { socket_id: SOCKET_ID, channel_name: "private-user-ü" },
      { socket_id: SOCKET_ID, channel_name: "presence market" },
      { socket_id: SOCKET_ID, channel_name: "#server-to-user-1" },
      { socket_id: SOCKET_ID, channel_name: `${own}\n` },
      { socket_id: SOCKET_ID, channel_name: "p".repeat(201) },
      { socket_id: "1234", channel_name: own },
      { socket_id: "abc.def", channel_name: own },
      { socket_id: "1.2.3", channel_name: own },
      { socket_id: SOCKET_ID },
      { channel_name: own },
      {},
    ];
    for (const form of malformed) {
      const { status, body } = await postForm(aliceRequest, "/api/pusher/auth", form);
      expect(status, JSON.stringify(form)).toBe(400);
      expect(body.auth).toBeUndefined();
    }
  });

  test("bodies over 4 KB: 413 from both routes, form-encoded or JSON", async () => {
    const padding = "x".repeat(5 * 1024);
    const form = { socket_id: SOCKET_ID, channel_name: "presence-market", padding };
    expect((await postForm(aliceRequest, "/api/pusher/auth", form)).status).toBe(413);
    expect((await postForm(aliceRequest, "/api/pusher/user-auth", { socket_id: SOCKET_ID, padding })).status).toBe(413);
    expect((await aliceRequest.post("/api/pusher/auth", { data: form })).status()).toBe(413);
    // Just under the limit is still read (and judged on its fields).
    expect((await postForm(aliceRequest, "/api/pusher/auth", { ...form, padding: "x".repeat(3 * 1024) })).status).toBe(200);
  });

  test("presence-market: member data from the session, never from the request", async ({ stack }) => {
    const { status, body } = await postForm(aliceRequest, "/api/pusher/auth", {
      socket_id: SOCKET_ID,
      channel_name: "presence-market",
      // Attempts to choose one's identity are ignored.
      channel_data: JSON.stringify({ user_id: bob.id, user_info: { name: "Mallory" } }),
      user_id: bob.id,
      name: "Mallory",
    });
    expect(status).toBe(200);
    expect(JSON.parse(body.channel_data ?? "")).toEqual({ user_id: alice.id, user_info: { name: "Alice" } });
    expect(body.auth).toBe(`${stack.env.PUSHER_KEY}:${sign(stack.env.PUSHER_SECRET ?? "", `${SOCKET_ID}:presence-market:${body.channel_data}`)}`);
    expect(JSON.stringify(body)).not.toContain(alice.sn);
  });

  test("user sign-in: user_data of the session's user, signed as socket::user::user_data", async ({ stack }) => {
    const { status, body } = await postForm(aliceRequest, "/api/pusher/user-auth", { socket_id: SOCKET_ID, id: bob.id });
    expect(status).toBe(200);
    expect(JSON.parse(body.user_data ?? "")).toEqual({ id: alice.id, user_info: { name: "Alice" } });
    expect(body.auth).toBe(`${stack.env.PUSHER_KEY}:${sign(stack.env.PUSHER_SECRET ?? "", `${SOCKET_ID}::user::${body.user_data}`)}`);
    for (const form of [{ socket_id: "nope" }, {}] as Record<string, string>[]) {
      expect((await postForm(aliceRequest, "/api/pusher/user-auth", form)).status).toBe(400);
    }
  });

  test("JSON bodies are read too; GET is not a way in", async () => {
    const json = await aliceRequest.post("/api/pusher/auth", { data: { socket_id: SOCKET_ID, channel_name: "presence-market" } });
    expect(json.status()).toBe(200);
    expect((await aliceRequest.get(`/api/pusher/auth?socket_id=${SOCKET_ID}&channel_name=presence-market`)).status()).toBe(405);
  });

  test("pusher-js with Alice's session: own channel, decrypted events, presence, sign-in; Bob's channel refused", async ({ stack }) => {
    const client = pusherJsWithSession(stack, await cookieHeader(aliceRequest));
    try {
      const own = client.subscribe(`private-encrypted-user-${alice.sn}`);
      await new Promise<void>((resolve, reject) => {
        own.bind("pusher:subscription_succeeded", () => resolve());
        own.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
      });
      const received = new Promise<unknown>((resolve) => own.bind("notice", resolve));
      const pusher = new Pusher({
        appId: stack.env.PUSHER_APP_ID ?? "",
        key: stack.env.PUSHER_KEY ?? "",
        secret: stack.env.PUSHER_SECRET ?? "",
        host: "127.0.0.1",
        port: String(stack.channelsPort),
        useTLS: false,
        encryptionMasterKeyBase64: stack.env.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 ?? "",
      });
      await pusher.trigger(`private-encrypted-user-${alice.sn}`, "notice", { text: "for Alice" });
      expect(await received).toEqual({ text: "for Alice" });

      const foreign = client.subscribe(`private-encrypted-user-${bob.sn}`);
      const refusal = await new Promise<{ type?: string; error?: string }>((resolve) => foreign.bind("pusher:subscription_error", resolve));
      expect(refusal.type).toBe("AuthError");
      expect(refusal.error).toContain("403");

      const presence = client.subscribe("presence-market") as PresenceChannel;
      await new Promise<void>((resolve) => presence.bind("pusher:subscription_succeeded", () => resolve()));
      expect(presence.members.me).toEqual({ id: alice.id, info: { name: "Alice" } });

      const signedIn = new Promise<void>((resolve) => client.bind("pusher:signin_success", () => resolve()));
      client.signin();
      await signedIn;
      expect(client.user.user_data).toEqual({ id: alice.id, user_info: { name: "Alice" } });
    } finally {
      client.disconnect();
    }
  });

  test("pusher-js without a session: private and presence subscriptions fail with 401", async ({ stack }) => {
    const client = pusherJsWithSession(stack, null);
    try {
      for (const name of [`private-encrypted-user-${alice.sn}`, "presence-market"]) {
        const channel = client.subscribe(name);
        const refusal = await new Promise<{ error?: string }>((resolve) => channel.bind("pusher:subscription_error", resolve));
        expect(refusal.error).toContain("401");
      }
    } finally {
      client.disconnect();
    }
  });
});

test.describe("POST /api/pusher/auth with encryption off (a second app without a master key)", () => {
  let clearApp: Child | undefined;
  let clearUrl = "";

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    const port = await freePort();
    clearUrl = `http://127.0.0.1:${port}`;
    // Same build, database and Channels server; blank (not deleted) so .env.local cannot fill it in.
    const env = { ...stack.env, PUSHER_ENCRYPTION_MASTER_KEY_BASE64: "", NEXTAUTH_URL: clearUrl };
    clearApp = (await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo: process.env.E2E_ECHO === "1" })).child;
  });

  test.afterAll(async () => {
    await clearApp?.stop("SIGTERM");
  });

  test("own private-user-<sn> is signed without a shared secret; the encrypted name is refused", async ({ playwright, stack }) => {
    const alice = readUser(stack, "alice@example.com");
    const bob = readUser(stack, "bob@example.com");
    const request = await session(playwright, clearUrl, alice.email);
    try {
      const own = `private-user-${alice.sn}`;
      const ok = await postForm(request, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: own });
      expect(ok.status).toBe(200);
      expect(ok.body.auth).toBe(`${stack.env.PUSHER_KEY}:${sign(stack.env.PUSHER_SECRET ?? "", `${SOCKET_ID}:${own}`)}`);
      expect(ok.body.shared_secret).toBeUndefined();
      expect((await postForm(request, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: `private-encrypted-user-${alice.sn}` })).status).toBe(403);
      expect((await postForm(request, "/api/pusher/auth", { socket_id: SOCKET_ID, channel_name: `private-user-${bob.sn}` })).status).toBe(403);

      // The market page injects the clear channel name for the signed-in user.
      const html = await (await request.get("/markets/btcusd")).text();
      expect(html).toContain(own);
      expect(html).not.toContain(`private-encrypted-user-${alice.sn}`);
      expect(html).not.toContain(bob.sn);
    } finally {
      await request.dispose();
    }
  });
});

test.describe("sign-up, sign-in and sign-out pages", () => {
  test("sign-up shows field errors, then creates an account with its own channel and signs it in", async ({ page, stack }) => {
    await page.goto(`${stack.appUrl}/sign-up?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
    await page.getByLabel("Name").fill("Carol");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("different");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#email-error")).toHaveText("Enter a valid email address.");
    await expect(page.locator("#password-error")).toHaveText("Use at least 8 characters.");
    await expect(page.locator("#confirmPassword-error")).toHaveText("The passwords do not match.");
    await expect(page.getByLabel("Name")).toHaveValue("Carol");

    const email = `carol-${Date.now()}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("carol's password");
    await page.getByLabel("Confirm password").fill("carol's password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Carol");
    await expect(page.getByTestId("unread-count")).toHaveText("0");

    const carol = readUser(stack, email);
    expect(carol.sn).toMatch(/^[0-9a-f]{32}$/);
    expect(carol.sn).not.toBe(readUser(stack, "alice@example.com").sn);

    // The same email cannot register twice; the answer is neutral (no "this email exists") and points to sign-in.
    await page.context().clearCookies();
    await page.goto(`${stack.appUrl}/sign-up`);
    await page.getByLabel("Name").fill("Carol again");
    await page.getByLabel("Email").fill(email.toUpperCase());
    await page.getByLabel("Password", { exact: true }).fill("another password");
    await page.getByLabel("Confirm password").fill("another password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("form", { name: "Sign up" }).getByRole("alert")).toHaveText(
      "Could not create an account with these details. If you already have one, sign in.",
    );
    await expect(page.locator("#email-error")).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue(email.toUpperCase());
  });

  test("sign-in refuses a wrong password with one generic message; signing out ends the session", async ({ page, stack }) => {
    await page.goto(`${stack.appUrl}/markets/btcusd`);
    await expect(page.getByTestId("sign-in-to-trade")).toBeVisible();
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Fmarkets%2Fbtcusd/);

    // After each answer the form resets: the password is cleared, the email kept.
    for (const email of ["alice@example.com", "nobody@example.com"]) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByLabel("Password")).toHaveValue("");
      await expect(page.getByLabel("Email")).toHaveValue(email);
      await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
    }

    await page.getByLabel("Email").fill("alice@example.com");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Alice");
    await expect(page.getByRole("button", { name: "Buy BTC" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
    await expect(page.getByTestId("sign-in-to-trade")).toBeVisible();
    const status = await page.evaluate(async () => (await fetch("/api/notifications")).status);
    expect(status).toBe(401);
  });
});
