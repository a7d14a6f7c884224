// Sign-in and sign-up throttling against real app processes, attacked the way issue 8 did it: a client
// that rotates X-Forwarded-For (and X-Real-IP, Forwarded) must stay inside its socket address's limits;
// wrong passwords from one address must not lock the account's owner out at another address; the
// global per-email limit spares browsers that signed in to that account before (device cookie); with
// TRUSTED_PROXIES set, the address the proxy saw is the one throttled. Each describe runs its own app
// process (own in-memory counters), so the shared app's budget for 127.0.0.1 is left alone; Node
// clients bound to other loopback addresses (127.0.0.2, ...) are the "other addresses", no header needed.
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { connect } from "node:net";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, readUser } from "./auth-helpers.ts";
import { expect, test } from "./fixtures.ts";
import { AddressClient } from "./support/address-client.ts";
import { startExtraApp, type ExtraApp } from "./support/extra-app.ts";

const TOO_MANY = /^Too many attempts, try again in \d+ s\.$/;
// The policy (README, "Security model"; lib/auth/auth-throttle.ts AUTH_THROTTLE_LIMITS), spelled out so
// a change to it is a deliberate change to these tests too.
/** Sign-in and sign-up attempts per address per minute. */
const perAddress = 30;
/** Wrong passwords one address may try on one email before it must wait. */
const freeFailures = 5;
/** Sign-ups per address per hour. */
const signUpsPerAddress = 10;
/** Failures on one email from all addresses together per hour, before new clients must wait. */
const perEmailFailures = 100;

/** Headers a client can write to pretend to be someone else; all must be ignored without a configured proxy. */
function spoofedHeaders(i: number): Record<string, string> {
  return {
    "x-forwarded-for": `203.0.113.${i % 250}, 198.51.100.${i % 250}`,
    "x-real-ip": `192.0.2.${i % 250}`,
    forwarded: `for=198.18.0.${i % 250}`,
  };
}

/** Fills and submits the sign-in form; resolves once the form answered (an alert) or the page left. */
async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("no proxy configured: the socket address is the client", () => {
  let app: ExtraApp;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    app = await startExtraApp(stack);
  });
  test.afterAll(async () => {
    await app.stop();
  });
  test.afterEach(async ({ browser }) => {
    for (const context of browser.contexts()) await context.close();
  });

  test("wrong passwords for one email: the form asks to wait after the free failures; other accounts still sign in", async ({ page }) => {
    await page.goto(`${app.url}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
    const email = `target-${randomUUID()}@example.com`;
    const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
    for (let attempt = 1; attempt <= freeFailures; attempt += 1) {
      await submitSignIn(page, email, `guess number ${attempt}`);
      await expect(page.getByLabel("Password")).toHaveValue("");
      await expect(alert).toHaveText("Email or password is incorrect.");
    }
    await submitSignIn(page, email, "guess number 6");
    await expect(alert).toHaveText(TOO_MANY);

    await submitSignIn(page, "alice@example.com", DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/markets/btcusd`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Alice");
  });

  test("rotating X-Forwarded-For, X-Real-IP and Forwarded does not escape the per-address limit", async () => {
    const client = new AddressClient(app.url, "127.0.0.3");
    for (let i = 0; i < perAddress; i += 1) {
      const outcome = await client.signIn(`spray-${i}-${randomUUID()}@example.com`, "password123", spoofedHeaders(i));
      expect(outcome.status, `attempt ${i + 1}`).not.toBe(429);
    }
    const refused = await client.signIn("alice@example.com", DEMO_PASSWORD, spoofedHeaders(perAddress));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(TOO_MANY);
    expect(refused.signedIn).toBe(false);
    // Another address has its own budget.
    expect((await new AddressClient(app.url, "127.0.0.4").signIn("alice@example.com", DEMO_PASSWORD)).signedIn).toBe(true);
  });

  test("ten wrong passwords from another address neither lock the owner out nor let the attacker keep guessing", async ({ page }) => {
    const attacker = new AddressClient(app.url, "127.0.0.2");
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const outcome = await attacker.signIn("alice@example.com", `guess number ${attempt}`);
      expect(outcome.signedIn).toBe(false);
      statuses.push(outcome.status);
    }
    // The first free failures are answered as wrong credentials, the rest are throttled (429).
    expect(statuses.slice(0, freeFailures).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(freeFailures).every((status) => status === 429)).toBe(true);
    // Even the right password from the attacker's address waits now: guessing stays slow.
    const right = await attacker.signIn("alice@example.com", DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.signedIn).toBe(false);

    // The owner, at their own address (this browser, 127.0.0.1), signs in at once.
    await page.goto(`${app.url}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
    await submitSignIn(page, "alice@example.com", DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/markets/btcusd`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Alice");
  });

  test("the global per-email limit refuses new clients but not a browser or client that signed in to the account before", async ({ page, stack }) => {
    test.setTimeout(120_000);
    const email = "bob@example.com";
    // Before the attack: this browser signs in to Bob's account through the form, and an API client through next-auth.
    await page.goto(`${app.url}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
    await submitSignIn(page, email, DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/markets/btcusd`);
    const knownClient = new AddressClient(app.url, "127.0.0.41");
    expect((await knownClient.signIn(email, DEMO_PASSWORD)).signedIn).toBe(true);
    await page.context().clearCookies({ name: "next-auth.session-token" });

    // The attack: the free failures of one pair from as many addresses as it takes to use up the email's budget.
    let failures = 0;
    for (let host = 10; failures < perEmailFailures; host += 1) {
      const attacker = new AddressClient(app.url, `127.0.0.${host}`);
      for (let i = 0; i < freeFailures && failures < perEmailFailures; i += 1) {
        const outcome = await attacker.signIn(email, `guess ${host}-${i}`);
        expect(outcome.status, `attempt ${failures + 1} from 127.0.0.${host}`).not.toBe(429);
        failures += 1;
      }
    }
    // A new client with the right password waits for the window ("try again in N s").
    const stranger = await new AddressClient(app.url, "127.0.0.60").signIn(email, DEMO_PASSWORD);
    expect(stranger.status).toBe(429);
    expect(stranger.body.error).toMatch(TOO_MANY);

    // Clients that signed in to Bob before carry his device cookie: they sign in (other address, same cookie).
    const sameCookieElsewhere = new AddressClient(app.url, "127.0.0.42");
    sameCookieElsewhere.setCookie("peatio.device", knownClient.cookie("peatio.device") ?? "missing");
    expect((await sameCookieElsewhere.signIn(email, DEMO_PASSWORD)).signedIn).toBe(true);
    await page.goto(`${app.url}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
    await submitSignIn(page, email, DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/markets/btcusd`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(readUser(stack, email).name);
  });

  test("SIGTERM finishes a request in flight, refuses new connections, then the app exits", async () => {
    const port = Number(new URL(app.url).port);
    const body = new URLSearchParams({ email: "nobody@example.com", password: "x", csrfToken: "none", json: "true" }).toString();
    const half = Math.floor(body.length / 2);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = request(
        { host: "127.0.0.1", port, method: "POST", path: "/api/auth/callback/credentials", agent: false, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) } },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          incoming.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.write(body.slice(0, half));
      // Once the app holds the request (headers read, body half sent), ask it to stop.
      outgoing.on("socket", (socket) => socket.once("connect", () => setTimeout(() => void afterConnect(outgoing), 200)));
    });
    let stopped: Promise<unknown> | undefined;
    const afterConnect = async (outgoing: ReturnType<typeof request>) => {
      stopped = app.child.stop("SIGTERM", 30_000);
      // New connections are refused once the server stopped listening ...
      await expect.poll(() => connectRefused(port), { timeout: 15_000 }).toBe(true);
      // ... while the request already in flight still gets its whole answer.
      outgoing.end(body.slice(half));
    };
    const answered = await response;
    expect(answered.status).toBeGreaterThanOrEqual(200);
    expect(answered.status).toBeLessThan(500);
    expect(() => JSON.parse(answered.text) as unknown).not.toThrow();
    await stopped;
    expect(app.child.hasExited()).toBe(true);
  });
});

/** True when a new TCP connection to `port` is refused. */
function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

test.describe("sign-ups", () => {
  let app: ExtraApp;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    app = await startExtraApp(stack);
  });
  test.afterAll(async () => {
    await app.stop();
  });

  test("rotating X-Forwarded-For does not escape the per-address sign-up limit", async ({ page }) => {
    test.setTimeout(120_000);
    const limit = signUpsPerAddress;
    const alert = page.getByRole("form", { name: "Sign up" }).getByRole("alert");
    let created = 0;
    for (let i = 0; i <= limit; i += 1) {
      await page.context().clearCookies();
      await page.setExtraHTTPHeaders(spoofedHeaders(i));
      await page.goto(`${app.url}/sign-up?callbackUrl=${encodeURIComponent("/markets")}`);
      await page.getByLabel("Name").fill(`Throwaway ${i}`);
      await page.getByLabel("Email").fill(`throwaway-${i}-${randomUUID()}@example.com`);
      await page.getByLabel("Password", { exact: true }).fill("throwaway password");
      await page.getByLabel("Confirm password").fill("throwaway password");
      await page.getByRole("button", { name: "Create account" }).click();
      const signedIn = page.getByTestId("signed-in-as");
      await expect(signedIn.or(alert)).toBeVisible();
      if (await signedIn.isVisible()) created += 1;
      else break;
    }
    expect(created).toBe(limit);
    await expect(alert).toHaveText(TOO_MANY);
  });
});

test.describe("TRUSTED_PROXIES=127.0.0.1: the proxy's client address is the client", () => {
  let app: ExtraApp;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    app = await startExtraApp(stack, { TRUSTED_PROXIES: "127.0.0.1" });
  });
  test.afterAll(async () => {
    await app.stop();
  });

  test("behind the proxy: the rightmost address the proxy appended is throttled, whatever the client put before it", async () => {
    const proxy = new AddressClient(app.url, "127.0.0.1");
    // The proxy appends the address it saw (198.51.100.1) to whatever the client sent.
    const via = (client: string, i: number) => ({ "x-forwarded-for": `203.0.113.${i % 250}, ${client}`, "x-real-ip": `192.0.2.${i % 250}` });
    for (let i = 0; i < perAddress; i += 1) {
      expect((await proxy.signIn(`spray-${i}-${randomUUID()}@example.com`, "password123", via("198.51.100.1", i))).status, `attempt ${i + 1}`).not.toBe(429);
    }
    expect((await proxy.signIn("alice@example.com", DEMO_PASSWORD, via("198.51.100.1", perAddress))).status).toBe(429);
    // Another client behind the same proxy is not affected.
    expect((await proxy.signIn("alice@example.com", DEMO_PASSWORD, via("198.51.100.2", 0))).signedIn).toBe(true);
  });

  test("a socket address that is not a trusted proxy is the client, whatever its headers say", async () => {
    const direct = new AddressClient(app.url, "127.0.0.5");
    for (let i = 0; i < perAddress; i += 1) {
      expect((await direct.signIn(`spray-${i}-${randomUUID()}@example.com`, "password123", spoofedHeaders(i))).status, `attempt ${i + 1}`).not.toBe(429);
    }
    expect((await direct.signIn("alice@example.com", DEMO_PASSWORD, spoofedHeaders(perAddress))).status).toBe(429);
  });
});
