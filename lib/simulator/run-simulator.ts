// The demo market maker's loop, through the order form's own code path (placeOrder / cancelOrder, then
// the announce function the actions use): at a steady rate it keeps the maker bot's resting orders a few
// levels deep around the last price (cancelling quotes left behind by the price) and has the taker bot
// cross the spread with one market order against the best resting order, the side chosen by a random
// walk. Each step's take fills at most the best order's remainder, so it makes exactly one trade in a
// quiet book. Stops after `count` trades, after `durationMs`, or when `signal` aborts (finishing the step).
import type { DbClient } from "@/lib/db-client";
import { cancelOrder } from "@/lib/exchange/cancel-order";
import { formatScaled, type Market, type Side } from "@/lib/exchange/engine";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { parseReferencePrice } from "@/lib/exchange/market-engines";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import type { TradeDto } from "@/lib/schemas/market";
import { tradeFromPriceUpdate } from "@/lib/schemas/trade";
import { DEFAULT_QUOTES, minimumVolume, quotePrice, randomNotional, volumeForNotional, type QuoteOptions } from "@/lib/simulator/quote-levels";
import { DEFAULT_WALK, nextPrice, type Random } from "@/lib/simulator/random-walk";

/** Settings of one market maker run. */
export interface SimulatorOptions {
  db: DbClient;
  /** Announces a committed command (announceExchangeUpdate bound to a pusher client); resolves false on failure. */
  announce: (update: ExchangeUpdate) => Promise<boolean>;
  marketId: string;
  /** The bot members (readMarketBots). */
  makerId: string;
  takerId: string;
  /** Trades per second (> 0): one take per step. */
  rate: number;
  /** Stop after this many trades. */
  count?: number;
  durationMs?: number;
  signal?: AbortSignal;
  random?: Random;
  quotes?: QuoteOptions;
  /** Used when the market has no trades yet. */
  startPrice?: string;
  onTrade?: (trade: TradeDto, published: boolean) => void;
}

/** What a run did: trades made (recorded) and announced, orders refused, quotes placed and cancelled. */
export interface SimulatorResult {
  recorded: number;
  published: number;
  rejected: number;
  placed: number;
  cancelled: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

interface Step {
  options: SimulatorOptions;
  rules: Market;
  random: Random;
  quotes: QuoteOptions;
  result: SimulatorResult;
}

/** Sends one command's update and reports its trades; counts a refusal. Returns whether it was refused. */
async function settle(step: Step, outcome: Awaited<ReturnType<typeof placeOrder>> | Awaited<ReturnType<typeof cancelOrder>>): Promise<boolean> {
  if (!outcome.ok) {
    step.result.rejected += 1;
    return true;
  }
  if (outcome.update === null) return false;
  const published = await step.options.announce(outcome.update);
  for (const price of outcome.update.prices) {
    step.result.recorded += 1;
    if (published) step.result.published += 1;
    step.options.onTrade?.(tradeFromPriceUpdate(price), published);
  }
  return false;
}

/** Places one order through placeOrder and settles it; returns whether it was refused. */
async function place(step: Step, request: Omit<PlaceOrderRequest, "marketId">): Promise<boolean> {
  return settle(step, await placeOrder(step.options.db, { ...request, marketId: step.options.marketId }));
}

/** Cancels the maker's quotes the price left behind, then adds the nearest missing level on each side. */
async function requote(step: Step, mid: bigint): Promise<void> {
  const { db, marketId, makerId } = step.options;
  const { levels, stepBps } = step.quotes;
  const open = await db.order.findMany({ where: { marketId, userId: makerId, state: "wait" }, select: { id: true, side: true, price: true } });
  const farthest = { sell: quotePrice(step.rules, mid, "sell", levels + 2, stepBps), buy: quotePrice(step.rules, mid, "buy", levels + 2, stepBps) };
  for (const order of open) {
    const price = order.price ?? 0n;
    const stale = order.side === "sell" ? price <= mid || price > farthest.sell : price >= mid || price < farthest.buy;
    if (!stale) continue;
    const outcome = await cancelOrder(db, marketId, makerId, order.id);
    if (!(await settle(step, outcome))) step.result.cancelled += 1;
  }
  for (const side of ["sell", "buy"] as const) {
    const prices = new Set(open.filter((order) => order.side === side).map((order) => order.price));
    for (let level = 1; level <= levels; level += 1) {
      const price = quotePrice(step.rules, mid, side, level, stepBps);
      if (prices.has(price)) continue;
      const volume = volumeForNotional(step.rules, price, randomNotional(step.random, step.quotes));
      const refused = await place(step, { userId: makerId, side, kind: "limit", price: formatScaled(price, step.rules.priceScale), volume: formatScaled(volume, step.rules.amountScale) });
      if (!refused) step.result.placed += 1;
      break;
    }
  }
}

/** The taker's market order against the best resting order of the other side (not its own). */
async function take(step: Step, side: Side): Promise<boolean> {
  const { db, marketId, takerId, makerId } = step.options;
  const rules = step.rules;
  const head = await db.order.findFirst({
    where: { marketId, state: "wait", side: side === "buy" ? "sell" : "buy", userId: { not: takerId } },
    orderBy: [{ price: side === "buy" ? "asc" : "desc" }, { seq: "asc" }],
    select: { id: true, userId: true, price: true, volume: true },
  });
  if (head === null || head.price === null) return false;
  const minimum = minimumVolume(rules, head.price);
  if (head.volume < minimum && head.userId === makerId) {
    // A quote worn down below the minimum value cannot be taken alone: the maker withdraws it.
    const outcome = await cancelOrder(db, marketId, makerId, head.id);
    if (!(await settle(step, outcome))) step.result.cancelled += 1;
    return false;
  }
  let volume = volumeForNotional(rules, head.price, randomNotional(step.random, step.quotes));
  if (volume > head.volume) volume = head.volume;
  if (volume < minimum) volume = minimum;
  const amount = formatScaled(volume, rules.amountScale);
  if (side === "sell") return place(step, { userId: takerId, side, kind: "market", volume: amount });
  const bound = head.price * volume * rules.quoteFactor;
  return place(step, { userId: takerId, side, kind: "market", volume: amount, quoteBound: formatScaled(bound, rules.quoteScale) });
}

/** Runs the market maker on one market until count, duration or abort; throws if the market cannot trade. */
export async function runSimulator(options: SimulatorOptions): Promise<SimulatorResult> {
  const { db, marketId, rate, count, durationMs, signal, random = Math.random, quotes = DEFAULT_QUOTES } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  const periodMs = 1000 / rate;
  const started = Date.now();
  const deadline = durationMs === undefined ? Infinity : started + durationMs;
  const result: SimulatorResult = { recorded: 0, published: 0, rejected: 0, placed: 0, cancelled: 0 };
  let refusedInARow = 0;

  for (let index = 0; ; index += 1) {
    if (signal?.aborted || (count !== undefined && result.recorded >= count) || Date.now() >= deadline) break;
    const market = await readExchangeMarket(db, marketId);
    if (typeof market === "string") throw new Error(`Market ${marketId}: ${market === "unknown_market" ? "unknown market" : "trading is not open"}`);
    const step: Step = { options, rules: market.rules, random, quotes, result };
    // The DB's last price each time, so the quotes follow trades from the form too.
    const lastText = (await readLastTradePrice(db, marketId)) ?? options.startPrice ?? "100";
    const mid = parseReferencePrice(lastText, market.rules.priceScale) ?? market.rules.tick;
    await requote(step, mid);
    const { move } = nextPrice(formatScaled(mid, market.rules.priceScale), random, { ...DEFAULT_WALK, tick: market.rules.config.tickSize });
    const side: Side = move > 0 ? "buy" : move < 0 ? "sell" : random() < 0.5 ? "buy" : "sell";
    const refusedBefore = result.rejected;
    await take(step, side);
    refusedInARow = result.rejected > refusedBefore ? refusedInARow + 1 : 0;
    if (refusedInARow >= 20) throw new Error(`Market ${marketId}: 20 steps in a row refused`);
    // Steady rate: step n is due at start + n * period, whatever each step took.
    const due = Math.min(started + (index + 1) * periodMs, deadline);
    if (count !== undefined && result.recorded >= count) break;
    await sleep(due - Date.now(), signal);
  }
  return result;
}
