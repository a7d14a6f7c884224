// Sign-in throttling against the real app: the form says "Too many attempts, try again in N s" after
// ten failures on one email, next-auth's credentials callback answers 429 once an IP has made thirty
// attempts in a minute. Each test speaks from its own X-Forwarded-For address (the app trusts the last
// entry), so the budget of 127.0.0.1 that the other specs sign in from is left alone.
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "./auth-helpers.ts";
import { expect, test } from "./fixtures.ts";

test("ten wrong passwords for one email: the form asks to wait; other accounts still sign in", async ({ browser, stack }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.21" } });
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}/sign-in?callbackUrl=${encodeURIComponent("/markets/btcusd")}`);
  const email = `target-${randomUUID()}@example.com`;
  const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess number ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(alert).toHaveText("Email or password is incorrect.");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("guess number 11");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(/^Too many attempts, try again in \d+ s\.$/);

  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${stack.appUrl}/markets/btcusd`);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Alice");
  await context.close();
});

test("thirty attempts from one IP in a minute: next-auth's credentials callback answers 429", async ({ playwright, stack }) => {
  const request = await playwright.request.newContext({ baseURL: stack.appUrl, extraHTTPHeaders: { "x-forwarded-for": "198.51.100.22" } });
  try {
    const csrf = await request.get("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const attempt = (email: string, password: string) =>
      request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, maxRedirects: 0 });
    for (let i = 0; i < 30; i += 1) {
      const response = await attempt(`spray-${i}-${randomUUID()}@example.com`, "password123");
      expect(response.status(), `attempt ${i + 1}`).not.toBe(429);
    }
    const refused = await attempt("alice@example.com", DEMO_PASSWORD);
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^Too many attempts, try again in \d+ s\.$/);
    const session = await request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
  } finally {
    await request.dispose();
  }
});
