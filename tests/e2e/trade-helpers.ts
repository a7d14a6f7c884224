// Trading on the market page as users do, for the specs that need trades: the order form (a limit or a
// market order, as a user fills it in), and trades, which now come only from matching: another member
// rests an order through the app's own place-order action (no page needed; the app announces it as any
// order), at a fresh price inside the spread, and the page's form crosses it. Or the page takes the best
// level of the seeded market maker's book, when nobody else may be the counterparty.
import type { Page, Route } from "@playwright/test";
import { expect, type TestStack } from "./fixtures.ts";
import { callFormAction, PLACE_ORDER, signInForCookie } from "./support/server-action.ts";

/** Whether a routed request is a server action call of the page (a POST to it carrying Next-Action). */
export async function isActionCall(route: Route): Promise<boolean> {
  const request = route.request();
  return request.method() === "POST" && (await request.headerValue("next-action")) !== null;
}

/** An order as typed into the form. Amounts at the lot's precision ("0.2500"), prices at the tick's ("64251.50"). */
export interface OrderFields {
  side: "buy" | "sell";
  kind?: "limit" | "market";
  /** Limit orders. */
  price?: string;
  amount: string;
  /** Market buys: the quote currency to spend at most. */
  spend?: string;
}

/** The form's parts by their accessible names. */
export function orderForm(page: Page) {
  const root = page.getByRole("form", { name: "Place an order" });
  const feedback = root.getByTestId("order-feedback");
  return {
    root,
    price: root.getByLabel("Price", { exact: true }),
    amount: root.getByLabel("Amount", { exact: true }),
    spend: root.getByLabel("Spend at most", { exact: true }),
    feedback,
    status: feedback.getByRole("status"),
    alert: feedback.getByRole("alert"),
  };
}

/** Picks side and type, fills price (limit), amount and spend limit (market buy), and presses "Buy/Sell <base>". */
export async function submitOrder(page: Page, { side, kind = "limit", price, amount, spend }: OrderFields, base = "BTC"): Promise<void> {
  const form = orderForm(page);
  await form.root.getByRole("radio", { name: side === "buy" ? "Buy" : "Sell" }).check();
  await form.root.getByRole("radio", { name: kind === "limit" ? "Limit" : "Market" }).check();
  if (kind === "limit") await form.price.fill(price ?? "");
  await form.amount.fill(amount);
  if (spend !== undefined) await form.spend.fill(spend);
  await form.root.getByRole("button", { name: `${side === "buy" ? "Buy" : "Sell"} ${base}` }).click();
}

/** "64251.5" -> "64,251.50": a price as the page shows it (grouped, at least two decimals). */
export function shownPrice(price: string): string {
  const [integer = "0", fraction = ""] = price.split(".");
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0")}`;
}

/** The form's confirmation of an order that filled completely at one price. */
export function filledText(side: "buy" | "sell", amount: string, price: string, base = "BTC"): string {
  return `${side === "buy" ? "Bought" : "Sold"} ${amount} ${base} at an average ${shownPrice(price)} USD.`;
}

/** A market's book as GET /api/markets/<id>/book gives it. */
interface Book {
  asks: [string, string][];
  bids: [string, string][];
  tickSize: string;
}

/** The book of `marketId` now. */
export async function readBook(stack: TestStack, marketId = "btcusd"): Promise<Book> {
  const response = await fetch(`${stack.appUrl}/api/markets/${marketId}/book`, { cache: "no-store" });
  expect(response.status).toBe(200);
  return (await response.json()) as Book;
}

/** Price text at `decimals` from integer units. */
function fromUnits(units: bigint, decimals: number): string {
  const text = units.toString().padStart(decimals + 1, "0");
  return `${text.slice(0, text.length - decimals)}.${text.slice(text.length - decimals)}`;
}

/** A random price strictly inside the spread of `marketId` now, on the tick: no order rests there, so an order placed at it is that level's only one. */
export async function freePrice(stack: TestStack, marketId = "btcusd"): Promise<string> {
  const book = await readBook(stack, marketId);
  const decimals = book.tickSize.split(".")[1]?.length ?? 0;
  const units = (text: string) => BigInt(text.replace(".", ""));
  const [bestBid] = book.bids[0] ?? [];
  const [bestAsk] = book.asks[0] ?? [];
  if (bestBid === undefined || bestAsk === undefined) throw new Error(`${marketId} has an empty side: ${JSON.stringify(book)}`);
  const low = units(bestBid);
  const high = units(bestAsk);
  const room = high - low - 1n;
  if (room < 1n) throw new Error(`${marketId} has no room inside its spread ${bestBid} - ${bestAsk}`);
  // Away from both edges where there is room, so two calls in a test rarely land on the same tick.
  const margin = room > 20n ? room / 10n : 0n;
  const span = room - 2n * margin;
  const offset = margin + 1n + BigInt(Math.floor(Math.random() * Number(span)));
  return fromUnits(low + offset, decimals);
}

/** Sessions of the members who rest orders, per app (signed in once; again after a sign-out elsewhere ended them). */
const sessions = new Map<string, string>();

/** What the place-order action answers (the parts the specs read). */
export interface PlaceAnswer {
  status: "success" | "error";
  code?: string;
  message: string;
  errors?: Record<string, string[]>;
  order?: { id: string; state: string };
  fills?: { id: number; price: string; amount: string }[];
}

/** Places a limit order for `email` through the app's place-order action; resolves with the action's answer. */
export async function restOrder(stack: TestStack, email: string, { side, price, amount, marketId = "btcusd" }: { side: "buy" | "sell"; price: string; amount: string; marketId?: string }): Promise<PlaceAnswer> {
  const key = `${stack.appUrl} ${email}`;
  const fields = { marketId, side, kind: "limit", price, volume: amount, clientKey: crypto.randomUUID() };
  for (let attempt = 0; ; attempt += 1) {
    let cookie = sessions.get(key);
    if (cookie === undefined) {
      cookie = await signInForCookie(stack.appUrl, email);
      sessions.set(key, cookie);
    }
    const state = await callFormAction<PlaceAnswer>(stack.appUrl, cookie, `/markets/${marketId}`, PLACE_ORDER, fields);
    if (state.code === "signed_out" && attempt === 0) {
      sessions.delete(key);
      continue;
    }
    return state;
  }
}

/**
 * A trade at a fresh price inside the spread: `maker` rests the opposite order through the app, then
 * `page` submits the crossing `side` order through its form, which confirms it filled. Resolves with the price.
 */
export async function tradeThroughForm(page: Page, stack: TestStack, { side, amount, maker = "bob@example.com", marketId = "btcusd", base = "BTC" }: { side: "buy" | "sell"; amount: string; maker?: string; marketId?: string; base?: string }): Promise<string> {
  const price = await freePrice(stack, marketId);
  const resting = await restOrder(stack, maker, { side: side === "buy" ? "sell" : "buy", price, amount, marketId });
  expect(resting.order?.state, resting.message).toBe("wait");
  await submitOrder(page, { side, price, amount }, base);
  await expect(orderForm(page).status).toHaveText(filledText(side, amount, price, base));
  return price;
}

/**
 * The page takes the best level of the book on the other side (the seeded market maker's) with a limit
 * order at its price for `amount`, which must fit in the level: the counterparty is whoever rests there.
 * Resolves with the price once the form confirms the fill.
 */
export async function takeFromBook(page: Page, stack: TestStack, { side, amount, marketId = "btcusd", base = "BTC" }: { side: "buy" | "sell"; amount: string; marketId?: string; base?: string }): Promise<string> {
  const book = await readBook(stack, marketId);
  const [price, volume] = (side === "buy" ? book.asks[0] : book.bids[0]) ?? [];
  if (price === undefined || volume === undefined) throw new Error(`${marketId} has no ${side === "buy" ? "asks" : "bids"} to take`);
  expect(Number(volume), `the best level (${price}: ${volume}) holds ${amount}`).toBeGreaterThanOrEqual(Number(amount));
  await submitOrder(page, { side, price, amount }, base);
  await expect(orderForm(page).status).toHaveText(filledText(side, amount, price, base));
  return price;
}
