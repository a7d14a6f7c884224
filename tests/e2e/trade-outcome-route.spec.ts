// POST /api/trades/by-key/<key> against the running app with real sessions: the owner of a submission
// key gets the trade it recorded with the form's very text; another trader asking about that key gets
// exactly the answer of a key nobody used (and changes nothing for the owner); signed out is 401, a
// malformed key 400. The key is the one the real form made in Chromium, read back from the stack's DB.
import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { openSignedIn, signInThroughNextAuth } from "./auth-helpers.ts";
import { expect, test } from "./fixtures.ts";
import { readStackDb } from "./support/stack-db.ts";
import { submitTrade } from "./trade-helpers.ts";

/** A request context on `baseURL`, signed in as `email` unless null. */
async function session(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string | null): Promise<APIRequestContext> {
  const request = await playwright.request.newContext({ baseURL });
  if (email) await signInThroughNextAuth(request, email);
  return request;
}

/** POSTs the outcome lookup for `key` and returns status and JSON body. */
async function ask(request: APIRequestContext, key: string): Promise<{ status: number; body: unknown }> {
  const response = await request.post(`/api/trades/by-key/${encodeURIComponent(key)}`);
  return { status: response.status(), body: await response.json() };
}

test("the outcome lookup answers the key's owner only; anyone else gets the answer of a key nobody used", async ({ browser, playwright, stack }) => {
  const page = await openSignedIn(browser, stack, "alice@example.com", "/markets/btcusd");
  const last = ((await (await page.request.get(`${stack.appUrl}/api/markets/btcusd`)).json()) as { lastPrice: string }).lastPrice;
  await submitTrade(page, { side: "sell", price: last, amount: "0.662607" });
  const confirmation = page.getByRole("status").filter({ hasText: "Sold 0.662607 BTC at" });
  await expect(confirmation).toBeVisible();
  const shown = (await confirmation.textContent()) ?? "";

  const row = readStackDb(stack, (db) =>
    db.prepare("SELECT id, clientKey FROM Trade WHERE CAST(amount AS TEXT) = '0.662607'").get() as { id: number; clientKey: string | null },
  );
  expect(row.clientKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const key = row.clientKey ?? "";

  const alice = await session(playwright, stack.appUrl, "alice@example.com");
  const bob = await session(playwright, stack.appUrl, "bob@example.com");
  const anonymous = await session(playwright, stack.appUrl, null);
  try {
    const own = await ask(alice, key);
    expect(own).toEqual({
      status: 200,
      body: { outcome: "recorded", trade: expect.objectContaining({ id: row.id, side: "sell", amount: "0.662607" }), message: shown },
    });

    const others = await ask(bob, key);
    const nobodys = await ask(bob, randomUUID());
    expect(others).toEqual({ status: 200, body: { outcome: "not-recorded", message: "Your trade was not recorded. Try again." } });
    expect(others).toEqual(nobodys);
    // Bob's question changed nothing for Alice.
    expect(await ask(alice, key)).toEqual(own);

    expect(await ask(anonymous, key)).toEqual({ status: 401, body: { error: "Sign in first." } });
    expect(await ask(alice, "not-a-key")).toEqual({ status: 400, body: { error: "Not a submission key." } });
    expect(await ask(alice, `${key}0`)).toEqual({ status: 400, body: { error: "Not a submission key." } });
    expect((await alice.get(`/api/trades/by-key/${key}`)).status()).toBe(405);
    expect(readStackDb(stack, (db) => (db.prepare("SELECT COUNT(*) AS n FROM Trade WHERE CAST(amount AS TEXT) = '0.662607'").get() as { n: number }).n)).toBe(1);
  } finally {
    await Promise.all([alice.dispose(), bob.dispose(), anonymous.dispose()]);
    await page.context().close();
  }
});
