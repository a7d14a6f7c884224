// The exchange's JSON re-read routes against the running app with real sessions (what a reconnecting
// page asks): the book with its sequence (public), my open orders and history, my balances, and the
// order-outcome lookup, my trades (the reconnect re-read) — each session-checked inside the route and answering the owner only. The order
// is placed by another process through placeOrder (as the market maker does) on the stack's database.
import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { runToCompletion } from "../../scripts/lib/processes.ts";
import { REPO_ROOT, tsxCommand } from "../../scripts/lib/stack.ts";
import { readUser, signInThroughNextAuth } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";

/** A request context on `baseURL`, signed in as `email` unless null. */
async function session(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string | null): Promise<APIRequestContext> {
  const request = await playwright.request.newContext({ baseURL });
  if (email) await signInThroughNextAuth(request, email);
  return request;
}

async function getJson(request: APIRequestContext, url: string, method: "GET" | "POST" = "GET"): Promise<{ status: number; body: unknown }> {
  const response = method === "GET" ? await request.get(url) : await request.post(url);
  return { status: response.status(), body: await response.json() };
}

/** Places one limit order for `userId` from a separate process, through placeOrder, on the stack's DB. */
async function placeFromAnotherProcess(stack: TestStack, userId: string, side: string, price: string, volume: string, key: string): Promise<void> {
  const { command, args } = tsxCommand("tests/exchange/db/fixtures/place-one-order.ts", [stack.databaseUrl, userId, side, price, volume, key]);
  await runToCompletion({ name: "place-order", command, args, cwd: REPO_ROOT, env: stack.env, echo: process.env.E2E_ECHO === "1" });
}

test("book, my orders, my balances and the order outcome: public where public, the owner's only where private", async ({ playwright, stack }) => {
  const alice = await session(playwright, stack.appUrl, "alice@example.com");
  const bob = await session(playwright, stack.appUrl, "bob@example.com");
  const anonymous = await session(playwright, stack.appUrl, null);
  try {
    // The seeded book: ten maker levels a side, best first, at the market's precision, with its sequence.
    const seeded = await getJson(anonymous, "/api/markets/btcusd/book");
    expect(seeded.status).toBe(200);
    const book = seeded.body as { asks: [string, string][]; bids: [string, string][]; sequence: number; tickSize: string; lotSize: string };
    expect(book).toMatchObject({ marketId: "btcusd", tickSize: "0.01", lotSize: "0.0001" });
    expect(book.asks.length).toBeGreaterThanOrEqual(10);
    expect(book.bids.length).toBeGreaterThanOrEqual(10);
    expect(book.asks[0]![0]).toMatch(/^\d+\.\d{2}$/);
    expect(Number(book.asks[0]![0])).toBeGreaterThan(Number(book.bids[0]![0]));
    expect((await getJson(anonymous, "/api/markets/nosuch/book")).status).toBe(404);
    expect((await getJson(anonymous, "/api/markets/NO%20PE/book")).status).toBe(404);

    // Balances: the demo grant, to its owner only.
    expect(await getJson(anonymous, "/api/balances")).toEqual({ status: 401, body: { error: "Sign in first." } });
    expect(await getJson(alice, "/api/balances")).toEqual({
      status: 200,
      body: {
        accounts: [
          { currency: "usd", balance: "100000.00000000", locked: "0.00000000" },
          { currency: "btc", balance: "2.00000000", locked: "0.00000000" },
          { currency: "eth", balance: "30.00000000", locked: "0.00000000" },
        ],
      },
    });

    // Alice rests a sell far above the book (placed by another process: the app rebuilds on its next command or read).
    const key = randomUUID();
    const askPrice = (Number(book.asks.at(-1)![0]) + 100).toFixed(2);
    await placeFromAnotherProcess(stack, readUser(stack, "alice@example.com").id, "sell", askPrice, "0.25", key);
    const after = (await getJson(anonymous, "/api/markets/btcusd/book")).body as typeof book;
    expect(after.sequence).toBeGreaterThan(book.sequence);
    expect(after.asks).toContainEqual([askPrice, "0.2500"]);
    expect((await getJson(alice, "/api/balances")).body).toMatchObject({ accounts: [{ currency: "usd" }, { currency: "btc", balance: "1.75000000", locked: "0.25000000" }, { currency: "eth" }] });

    // My orders: alice sees hers; bob sees none of hers; signed out is 401; a bad scope 400.
    const mine = await getJson(alice, "/api/markets/btcusd/orders");
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ marketId: "btcusd", scope: "open", orders: [{ side: "sell", kind: "limit", price: askPrice, volume: "0.2500", state: "wait", clientOrderId: key, locked: "0.25000000", lockCurrency: "btc" }] });
    expect(await getJson(bob, "/api/markets/btcusd/orders")).toEqual({ status: 200, body: { marketId: "btcusd", scope: "open", orders: [] } });
    expect(await getJson(alice, "/api/markets/btcusd/orders?scope=history")).toEqual({ status: 200, body: { marketId: "btcusd", scope: "history", orders: [] } });
    expect((await getJson(anonymous, "/api/markets/btcusd/orders")).status).toBe(401);
    expect((await getJson(alice, "/api/markets/btcusd/orders?scope=all")).status).toBe(400);
    expect((await getJson(alice, "/api/markets/nosuch/orders")).status).toBe(404);

    // The outcome of alice's key: placed, for her; for bob exactly the answer of a key nobody used.
    const orderId = (mine.body as { orders: Array<{ id: string }> }).orders[0]!.id;
    expect(await getJson(alice, `/api/orders/by-key/${key}`, "POST")).toMatchObject({ status: 200, body: { outcome: "placed", order: { id: orderId, clientOrderId: key } } });
    const others = await getJson(bob, `/api/orders/by-key/${key}`, "POST");
    expect(others).toEqual({ status: 200, body: { outcome: "not-placed", message: "Your order was not placed. Try again." } });
    expect(others).toEqual(await getJson(bob, `/api/orders/by-key/${randomUUID()}`, "POST"));
    expect((await getJson(anonymous, `/api/orders/by-key/${key}`, "POST")).status).toBe(401);
    expect((await getJson(alice, "/api/orders/by-key/not-a-key", "POST")).status).toBe(400);

    // The trade re-read after a reconnect: bob's buy fills (placed by another process), each with his own
    // side and the notification stored for it; alice, who took part in none of them, does not get them; signed out 401.
    await placeFromAnotherProcess(stack, readUser(stack, "bob@example.com").id, "buy", book.asks[0]![0], "0.01", randomUUID());
    const bobsTrades = await getJson(bob, "/api/trades/mine");
    expect(bobsTrades.status).toBe(200);
    const { events } = bobsTrades.body as { events: Array<{ trade: { id: number; side: string; amount: string }; notification: { tradeId: number | null } }> };
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.trade.side === "buy" && event.notification.tradeId === event.trade.id)).toBe(true);
    const alicesTrades = await getJson(alice, "/api/trades/mine");
    expect(alicesTrades.status).toBe(200);
    const bobsIds = new Set(events.map((event) => event.trade.id));
    expect((alicesTrades.body as { events: Array<{ trade: { id: number } }> }).events.filter((event) => bobsIds.has(event.trade.id))).toEqual([]);
    expect((await getJson(anonymous, "/api/trades/mine")).status).toBe(401);
  } finally {
    await Promise.all([alice.dispose(), bob.dispose(), anonymous.dispose()]);
  }
});
