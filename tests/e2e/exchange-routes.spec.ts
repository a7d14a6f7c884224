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

/** An account as GET /api/balances answers it. */
interface Account {
  currency: string;
  balance: string;
  locked: string;
}

/** One entry of GET /api/trades/mine: a fill from the member's side and the notification stored for it. */
interface TradeEvent {
  trade: { id: number; side: string; amount: string };
  notification: { id: number; tradeId: number | null };
}

/** A decimal string with 8 places in its smallest units (exact). */
function units(amount: string): bigint {
  return BigInt(amount.replace(".", ""));
}

/** A route's status and JSON body. */
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

    // Balances: to their owner only. Other specs in this worker may have traded as alice and bob already, so
    // what is checked is the shape and the exact change an order makes, not the demo grant (tests/exchange/db covers that).
    expect(await getJson(anonymous, "/api/balances")).toEqual({ status: 401, body: { error: "Sign in first." } });
    const before = await getJson(alice, "/api/balances");
    expect(before.status).toBe(200);
    const accountsBefore = (before.body as { accounts: Account[] }).accounts;
    expect(accountsBefore.map((account) => account.currency)).toEqual(["usd", "btc", "eth"]);
    for (const account of accountsBefore) expect([account.balance, account.locked]).toEqual([expect.stringMatching(/^\d+\.\d{8}$/), expect.stringMatching(/^\d+\.\d{8}$/)]);

    // Alice rests a sell far above the book (placed by another process: the app rebuilds on its next command or read):
    // exactly 0.25 BTC moves from her balance to locked.
    const key = randomUUID();
    const askPrice = (Number(book.asks.at(-1)![0]) + 100).toFixed(2);
    await placeFromAnotherProcess(stack, readUser(stack, "alice@example.com").id, "sell", askPrice, "0.25", key);
    const after = (await getJson(anonymous, "/api/markets/btcusd/book")).body as typeof book;
    expect(after.sequence).toBeGreaterThan(book.sequence);
    expect(after.asks).toContainEqual([askPrice, "0.2500"]);
    const btcBefore = accountsBefore[1]!;
    const btcAfter = ((await getJson(alice, "/api/balances")).body as { accounts: Account[] }).accounts[1]!;
    expect(units(btcBefore.balance) - units(btcAfter.balance)).toBe(25_000_000n);
    expect(units(btcAfter.locked) - units(btcBefore.locked)).toBe(25_000_000n);

    // My orders: alice sees hers; bob sees none of hers; signed out is 401; a bad scope 400.
    const mine = await getJson(alice, "/api/markets/btcusd/orders");
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ marketId: "btcusd", scope: "open" });
    const placed = (mine.body as { orders: Array<{ id: string; clientOrderId: string }> }).orders.filter((order) => order.clientOrderId === key);
    expect(placed).toMatchObject([{ side: "sell", kind: "limit", price: askPrice, volume: "0.2500", state: "wait", clientOrderId: key, locked: "0.25000000", lockCurrency: "btc" }]);
    const orderId = placed[0]!.id;
    const bobsOpen = await getJson(bob, "/api/markets/btcusd/orders");
    expect(bobsOpen.status).toBe(200);
    expect((bobsOpen.body as { orders: Array<{ id: string }> }).orders.map((order) => order.id)).not.toContain(orderId);
    const history = await getJson(alice, "/api/markets/btcusd/orders?scope=history");
    expect(history).toMatchObject({ status: 200, body: { marketId: "btcusd", scope: "history" } });
    expect((history.body as { orders: Array<{ id: string }> }).orders.map((order) => order.id)).not.toContain(orderId);
    expect((await getJson(anonymous, "/api/markets/btcusd/orders")).status).toBe(401);
    expect((await getJson(alice, "/api/markets/btcusd/orders?scope=all")).status).toBe(400);
    expect((await getJson(alice, "/api/markets/nosuch/orders")).status).toBe(404);

    // The outcome of alice's key: placed, for her; for bob exactly the answer of a key nobody used.
    expect(await getJson(alice, `/api/orders/by-key/${key}`, "POST")).toMatchObject({ status: 200, body: { outcome: "placed", order: { id: orderId, clientOrderId: key } } });
    const others = await getJson(bob, `/api/orders/by-key/${key}`, "POST");
    expect(others).toEqual({ status: 200, body: { outcome: "not-placed", message: "Your order was not placed. Try again." } });
    expect(others).toEqual(await getJson(bob, `/api/orders/by-key/${randomUUID()}`, "POST"));
    expect((await getJson(anonymous, `/api/orders/by-key/${key}`, "POST")).status).toBe(401);
    expect((await getJson(alice, "/api/orders/by-key/not-a-key", "POST")).status).toBe(400);

    // The trade re-read after a reconnect: bob's buy fills (placed by another process), each with his own side and
    // the notification stored for him. Alice gets none of his notifications; where she was the maker (a sell of hers
    // resting from an earlier spec) she gets the same trade with her own side and her own notification.
    // Bob may have traded both ways in earlier specs: only the fills his buy makes now are checked.
    const bobsEarlier = await getJson(bob, "/api/trades/mine");
    expect(bobsEarlier.status).toBe(200);
    const earlierIds = new Set((bobsEarlier.body as { events: TradeEvent[] }).events.map((event) => event.notification.id));
    await placeFromAnotherProcess(stack, readUser(stack, "bob@example.com").id, "buy", book.asks[0]![0], "0.01", randomUUID());
    const bobsTrades = await getJson(bob, "/api/trades/mine");
    expect(bobsTrades.status).toBe(200);
    const events = (bobsTrades.body as { events: TradeEvent[] }).events.filter((event) => !earlierIds.has(event.notification.id));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.trade.side === "buy" && event.notification.tradeId === event.trade.id)).toBe(true);
    const alicesTrades = await getJson(alice, "/api/trades/mine");
    expect(alicesTrades.status).toBe(200);
    const bobsTradeIds = new Set(events.map((event) => event.trade.id));
    const bobsNotificationIds = new Set(events.map((event) => event.notification.id));
    const alicesEvents = (alicesTrades.body as { events: TradeEvent[] }).events;
    expect(alicesEvents.filter((event) => bobsNotificationIds.has(event.notification.id))).toEqual([]);
    expect(alicesEvents.filter((event) => bobsTradeIds.has(event.trade.id) && event.trade.side !== "sell")).toEqual([]);
    expect((await getJson(anonymous, "/api/trades/mine")).status).toBe(401);
  } finally {
    await Promise.all([alice.dispose(), bob.dispose(), anonymous.dispose()]);
  }
});
