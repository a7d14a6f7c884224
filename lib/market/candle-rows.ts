// Candle rows as the Candle table keeps them, folded from trades: a pure function shared by the writers
// (each command's fills) and the backfill (a market's whole history), so both produce the same rows.
// Buckets follow lib/market/candles.ts: UTC-aligned [start, start + size), open / close the first / last
// trade by (time, id).
import { INTERVAL_MS } from "@/lib/market/candles";
import type { CandleInterval } from "@/lib/schemas/market";

/** A trade as the candles need it: prices and amounts in candle units, time in ms since the epoch. */
export interface CandleTrade {
  id: number;
  price: bigint;
  amount: bigint;
  at: number;
}

/** One Candle row: a market's bucket of one interval (sizes and times in ms, amounts in candle units). */
export interface CandleRow {
  marketId: string;
  interval: number;
  time: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
  tradeCount: number;
  openAt: number;
  openTradeId: number;
  closeAt: number;
  closeTradeId: number;
  lastTradeId: number;
}

/** Every interval the Candle table keeps, as bucket sizes in ms (1m, 5m, 1h, 1d). */
export const CANDLE_SIZES_MS: readonly number[] = (["1m", "5m", "1h", "1d"] as const satisfies readonly CandleInterval[]).map((interval) => INTERVAL_MS[interval]);

/** True when trade key (atA, idA) comes before (atB, idB): time first, then id. */
export function isEarlier(atA: number, idA: number, atB: number, idB: number): boolean {
  return atA < atB || (atA === atB && idA < idB);
}

/** A bucket holding one trade. */
function openRow(marketId: string, interval: number, time: number, trade: CandleTrade): CandleRow {
  return {
    marketId, interval, time,
    open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.amount, tradeCount: 1,
    openAt: trade.at, openTradeId: trade.id, closeAt: trade.at, closeTradeId: trade.id, lastTradeId: trade.id,
  };
}

/** Merges two rows of the same bucket (either may hold the earlier trades): what the DB upsert does too. */
export function mergeCandleRows(a: CandleRow, b: CandleRow): CandleRow {
  const bOpens = isEarlier(b.openAt, b.openTradeId, a.openAt, a.openTradeId);
  const bCloses = isEarlier(a.closeAt, a.closeTradeId, b.closeAt, b.closeTradeId);
  return {
    marketId: a.marketId,
    interval: a.interval,
    time: a.time,
    open: bOpens ? b.open : a.open,
    openAt: bOpens ? b.openAt : a.openAt,
    openTradeId: bOpens ? b.openTradeId : a.openTradeId,
    high: a.high > b.high ? a.high : b.high,
    low: a.low < b.low ? a.low : b.low,
    close: bCloses ? b.close : a.close,
    closeAt: bCloses ? b.closeAt : a.closeAt,
    closeTradeId: bCloses ? b.closeTradeId : a.closeTradeId,
    volume: a.volume + b.volume,
    tradeCount: a.tradeCount + b.tradeCount,
    lastTradeId: Math.max(a.lastTradeId, b.lastTradeId),
  };
}

/** Adds a trade to a row of its bucket, in place (the fold owns its rows). */
function addTradeToRow(row: CandleRow, trade: CandleTrade): void {
  if (isEarlier(trade.at, trade.id, row.openAt, row.openTradeId)) {
    row.open = trade.price;
    row.openAt = trade.at;
    row.openTradeId = trade.id;
  }
  if (isEarlier(row.closeAt, row.closeTradeId, trade.at, trade.id)) {
    row.close = trade.price;
    row.closeAt = trade.at;
    row.closeTradeId = trade.id;
  }
  if (trade.price > row.high) row.high = trade.price;
  if (trade.price < row.low) row.low = trade.price;
  row.volume += trade.amount;
  row.tradeCount += 1;
  if (trade.id > row.lastTradeId) row.lastTradeId = trade.id;
}

/**
 * Folds trades of any markets into rows, one per market, interval and bucket (in place: the fold owns
 * its rows). Keys are numbers (bucket start x the number of sizes + the size's index), in a map per market.
 */
export class CandleFold {
  private readonly markets = new Map<string, Map<number, CandleRow>>();

  constructor(private readonly sizes: readonly number[] = CANDLE_SIZES_MS) {}

  /** Adds `trade` of `marketId` to its bucket of every interval. */
  add(marketId: string, trade: CandleTrade): void {
    let rows = this.markets.get(marketId);
    if (rows === undefined) {
      rows = new Map();
      this.markets.set(marketId, rows);
    }
    for (let index = 0; index < this.sizes.length; index += 1) {
      const size = this.sizes[index] ?? 0;
      const time = Math.floor(trade.at / size) * size;
      const key = time * this.sizes.length + index;
      const existing = rows.get(key);
      if (existing === undefined) rows.set(key, openRow(marketId, size, time, trade));
      else addTradeToRow(existing, trade);
    }
  }

  /** Every row folded so far. */
  rows(): CandleRow[] {
    return [...this.markets.values()].flatMap((rows) => [...rows.values()]);
  }
}

/** The Candle rows of `trades` (one market, any order): one row per interval and bucket with trades. */
export function foldCandleTrades(marketId: string, trades: Iterable<CandleTrade>, sizes: readonly number[] = CANDLE_SIZES_MS): CandleRow[] {
  const fold = new CandleFold(sizes);
  for (const trade of trades) fold.add(marketId, trade);
  return fold.rows();
}
