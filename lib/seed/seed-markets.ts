// Demo markets and, for a market without trades, a deterministic 26-hour trade history (with its candles) for the ticker and chart.
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
  /** Trade amounts are drawn between these, in units of 10^-amountDecimals. */
  minAmountUnits: number;
  maxAmountUnits: number;
  amountDecimals: number;
}

/** The demo markets, in selector order. */
export const DEMO_MARKETS: readonly MarketSeed[] = [
  { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1, startCents: 6_450_000, minAmountUnits: 1_000, maxAmountUnits: 500_000, amountDecimals: 6 },
  { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", position: 2, startCents: 318_000, minAmountUnits: 100, maxAmountUnits: 50_000, amountDecimals: 4 },
];

const HISTORY_MS = 26 * 60 * 60 * 1000;
const HISTORY_TRADES = 360;

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

/** The generated history of one market: oldest first, ending a minute before `now`. */
export function generateTradeHistory(market: MarketSeed, now: Date) {
  const random = seededRandom(market.id);
  const start = now.getTime() - HISTORY_MS;
  const step = (HISTORY_MS - 60_000) / HISTORY_TRADES;
  let cents = market.startCents;
  return Array.from({ length: HISTORY_TRADES }, (_, index) => {
    // A random walk of at most +/-0.35% per trade with a slight pull back to the start price.
    const drift = (market.startCents - cents) * 0.01;
    cents = Math.max(1, Math.round(cents + drift + (random() - 0.5) * 0.007 * cents));
    const amountUnits = market.minAmountUnits + Math.floor(random() * (market.maxAmountUnits - market.minAmountUnits));
    const jitter = (random() - 0.5) * step * 0.8;
    return {
      marketId: market.id,
      side: random() < 0.5 ? "buy" : "sell",
      price: formatUnits(cents, 2),
      amount: formatUnits(amountUnits, market.amountDecimals),
      createdAt: new Date(Math.round(start + index * step + jitter)),
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
