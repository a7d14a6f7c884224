// The matching engines of this process, one per market, kept equal to the DB: before each command the
// engine is checked against the market's stored sequence and last trade price, and rebuilt from the
// open orders when another process (or the old trade form) wrote since. The DB is the truth.
import { MatchingEngine, type RestingOrderInit } from "@/lib/exchange/engine";
import type { ExchangeDb, ExchangeMarket } from "@/lib/exchange/exchange-market";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";

const globalForEngines = globalThis as typeof globalThis & { __peatioEngines?: Map<string, MatchingEngine> };
const engines: Map<string, MatchingEngine> = (globalForEngines.__peatioEngines ??= new Map());

/**
 * A stored last price in price units: decimals beyond the price scale (trades the old form recorded with
 * up to 8 decimals) are cut off, so the band's reference is always on the market's precision.
 */
export function parseReferencePrice(text: string | null, priceScale: number): bigint | null {
  if (text === null) return null;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`last trade price "${text}" is not a plain positive decimal`);
  const fraction = (match[2] ?? "").slice(0, priceScale).padEnd(priceScale, "0");
  return BigInt(`${match[1]}${fraction}`);
}

/** A fresh engine whose book is the market's open orders (time priority by seq), at the stored sequence. */
export async function rebuildEngine(client: Pick<ExchangeDb, "order">, market: ExchangeMarket, lastPrice: bigint | null): Promise<MatchingEngine> {
  const rows = await client.order.findMany({
    where: { marketId: market.id, state: "wait" },
    select: { id: true, userId: true, side: true, price: true, volume: true, originVolume: true, filledFunds: true, seq: true, createdAt: true, updatedAt: true },
  });
  const resting = rows.map((row): RestingOrderInit => {
    if (row.price === null || (row.side !== "buy" && row.side !== "sell")) throw new Error(`open order ${row.id} of ${market.id} has no price or side`);
    return {
      id: row.id,
      memberId: row.userId,
      side: row.side,
      price: row.price,
      volume: row.volume,
      originVolume: row.originVolume,
      filledFunds: row.filledFunds,
      seq: row.seq,
      at: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
  });
  const engine = new MatchingEngine(market.rules, { sequence: market.sequence, lastPrice });
  engine.restore(resting);
  return engine;
}

/** This process's engine for `market`, rebuilt first when the DB moved on (call inside the command's transaction). */
export async function loadEngine(client: Pick<ExchangeDb, "order" | "trade">, market: ExchangeMarket): Promise<MatchingEngine> {
  return engineAt(client, market, await readLastTradePrice(client, market.id));
}

/** loadEngine with the market's last trade price already read in this transaction (`lastPriceText`, null before any trade). */
export async function engineAt(client: Pick<ExchangeDb, "order">, market: ExchangeMarket, lastPriceText: string | null): Promise<MatchingEngine> {
  const lastPrice = parseReferencePrice(lastPriceText, market.rules.priceScale);
  const cached = engines.get(market.id);
  if (cached !== undefined && cached.market === market.rules && cached.sequence === market.sequence && cached.lastPrice === lastPrice) return cached;
  const engine = await rebuildEngine(client, market, lastPrice);
  engines.set(market.id, engine);
  return engine;
}

/** Forgets this process's engine of a market (its transaction failed after the engine changed). */
export function dropEngine(marketId: string): void {
  engines.delete(marketId);
}

/** The engine this process holds for a market, if any (for tests and diagnostics). */
export function cachedEngine(marketId: string): MatchingEngine | undefined {
  return engines.get(marketId);
}
