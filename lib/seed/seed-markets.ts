// Demo markets and, for a market without trades, a deterministic eight-week trade history (with its candles) for the ticker and chart.
import type { DbClient } from "@/lib/db-client";
import { recordMarketTrades, toCandleTrade } from "@/lib/market/record-market-trades";
import { createSeededRandom, type Random } from "@/lib/simulator/random-walk";

/** One demo market and the shape of its generated history. */
interface MarketSeed {
  id: string;
  name: string;
  baseUnit: string;
  quoteUnit: string;
  position: number;
  /** Starting price in cents (integer, so the random walk never touches floats). */
  startCents: number;
  /** Trade amounts are drawn between these, in units of 10^-amountDecimals (the market's lot: DEMO_MARKET_RULES). */
  minAmountUnits: number;
  maxAmountUnits: number;
  amountDecimals: number;
}

/** The demo markets, in selector order. */
export const DEMO_MARKETS: readonly MarketSeed[] = [
  { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1, startCents: 6_450_000, minAmountUnits: 10, maxAmountUnits: 5_000, amountDecimals: 4 },
  { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", position: 2, startCents: 318_000, minAmountUnits: 10, maxAmountUnits: 5_000, amountDecimals: 3 },
];

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/**
 * The history's stretches, oldest first, each with its trades spread evenly (jittered): six weeks at a trade
 * every four hours (1d candles show weeks), thirteen days at about one an hour (1h candles fill their two
 * weeks), and the last 26 hours at one every few minutes (the 24h ticker, 1m and 5m candles). About 920
 * trades a market, few enough that seeding stays quick.
 */
const HISTORY_STRETCHES: readonly { ms: number; trades: number }[] = [
  { ms: 42 * DAY_MS, trades: 252 },
  { ms: 13 * DAY_MS, trades: 312 },
  { ms: 26 * HOUR_MS, trades: 360 },
];
/** How far below today's price the history starts (a slow climb with swings of two weeks, ending at startCents). */
const HISTORY_CLIMB = 0.16;
const HISTORY_SWING = 0.05;

/** The market maker's seeded PRNG, seeded from the market id so every fresh install sees the same tape. */
function seededRandom(seedText: string): Random {
  let seed = 0;
  for (const char of seedText) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  return createSeededRandom(seed);
}

/** Fixed-point integer -> decimal string ("6450012" with 2 decimals -> "64500.12"). */
function formatUnits(units: number, decimals: number): string {
  const text = String(units).padStart(decimals + 1, "0");
  return `${text.slice(0, text.length - decimals)}.${text.slice(text.length - decimals)}`;
}

/** The times of the history's trades (HISTORY_STRETCHES), oldest first, the last about a minute before `now`. */
function tradeTimes(now: number, random: Random): number[] {
  const times: number[] = [];
  let start = now - 60_000 - HISTORY_STRETCHES.reduce((total, stretch) => total + stretch.ms, 0);
  for (const { ms, trades } of HISTORY_STRETCHES) {
    const step = ms / trades;
    for (let index = 0; index < trades; index += 1) times.push(Math.round(start + (index + 0.5) * step + (random() - 0.5) * step * 0.8));
    start += ms;
  }
  return times;
}

/** The generated history of one market: oldest first, eight weeks and a day long, ending about a minute before `now`. */
export function generateTradeHistory(market: MarketSeed, now: Date) {
  const random = seededRandom(market.id);
  const times = tradeTimes(now.getTime(), random);
  const first = times[0] ?? now.getTime();
  const span = Math.max(1, now.getTime() - first);
  let cents = Math.round(market.startCents * (1 - HISTORY_CLIMB));
  return times.map((time) => {
    // A random walk of at most +/-0.35% per trade, pulled towards a level that climbs to the start price
    // with swings of about two weeks, and is about it for the last day (what the seeded book quotes around).
    const left = (now.getTime() - time) / span;
    const target = market.startCents * (1 - HISTORY_CLIMB * left + HISTORY_SWING * Math.sin(left * 8 * Math.PI) * left);
    const drift = (target - cents) * 0.02;
    cents = Math.max(1, Math.round(cents + drift + (random() - 0.5) * 0.007 * cents));
    const amountUnits = market.minAmountUnits + Math.floor(random() * (market.maxAmountUnits - market.minAmountUnits));
    return {
      marketId: market.id,
      side: random() < 0.5 ? "buy" : "sell",
      price: formatUnits(cents, 2),
      amount: formatUnits(amountUnits, market.amountDecimals),
      createdAt: new Date(time),
    };
  });
}

/** Result of seeding the markets: how many trades were generated per market (0 when it had some). */
export type SeedMarketsResult = Record<string, number>;

/** Upserts the demo markets and gives each market without trades a history. Idempotent. */
export async function seedMarkets(client: DbClient, now: Date = new Date()): Promise<SeedMarketsResult> {
  const result: SeedMarketsResult = {};
  for (const market of DEMO_MARKETS) {
    const fields = { name: market.name, baseUnit: market.baseUnit, quoteUnit: market.quoteUnit, position: market.position };
    await client.market.upsert({ where: { id: market.id }, create: { id: market.id, ...fields }, update: fields });
    const existing = await client.trade.count({ where: { marketId: market.id } });
    if (existing > 0) {
      result[market.id] = 0;
      continue;
    }
    const history = generateTradeHistory(market, now);
    // The trades and their candles in one transaction (the history is backdated: readers' cached candles go stale).
    await client.$transaction(async (tx) => {
      const rows = await tx.trade.createManyAndReturn({ data: history, select: { id: true, price: true, amount: true, createdAt: true } });
      await recordMarketTrades(tx, market.id, rows.map((row) => toCandleTrade({ ...row, price: row.price.toFixed(), amount: row.amount.toFixed() })));
    });
    result[market.id] = history.length;
  }
  return result;
}
