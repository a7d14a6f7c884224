// Pure merges of live events into server snapshots: the tape de-duplicated by id, the newest ticker,
// and a trade applied to a ticker when an event carries no DB-computed one. Safe in the browser.
import { Dec, decString, toDec } from "@/lib/market/decimal";
import { directionOf, percentChange } from "@/lib/market/ticker";
import type { TickerDto, TradeDto } from "@/lib/schemas/market";

/** Newest-first order of the tape: by time, then by id (higher id is newer). */
export function compareNewestFirst(a: TradeDto, b: TradeDto): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;
}

/**
 * Merges trade lists (a snapshot and live events, in any order) into one newest-first list of at most
 * `limit`, one entry per id. A trade is `mine` when any copy says so (the viewer's own event).
 */
export function mergeTrades(lists: readonly (readonly TradeDto[])[], limit: number): TradeDto[] {
  const byId = new Map<number, TradeDto>();
  for (const list of lists) {
    for (const trade of list) {
      const seen = byId.get(trade.id);
      if (!seen) byId.set(trade.id, trade);
      else if (trade.mine && !seen.mine) byId.set(trade.id, { ...seen, mine: true });
    }
  }
  return [...byId.values()].sort(compareNewestFirst).slice(0, Math.max(0, limit));
}

/**
 * Whether `tape` (a market's newest trades just re-read, at most `limit`, merged with live ones) holds every
 * trade of `marketId` recorded after a history whose newest counted trade id is `watermark`: it holds fewer
 * than `limit` (so every trade there is), or it reaches back to a trade that history already counts.
 */
export function tapeCoversSince(tape: readonly TradeDto[], marketId: string, watermark: number | null, limit: number): boolean {
  const ofMarket = tape.filter((trade) => trade.marketId === marketId);
  if (ofMarket.length < limit) return true;
  return watermark !== null && ofMarket.some((trade) => trade.id <= watermark);
}

/** Whether a trade belongs to the viewer: marked `mine`, or carrying the viewer's user id. */
export function isMine(trade: TradeDto, currentUserId?: string | null): boolean {
  return trade.mine === true || (Boolean(currentUserId) && trade.userId === currentUserId);
}

/**
 * The more recent of two tickers of a market: the one that saw the newer trade, then the later
 * computation. Keeps a stale event from undoing a fresher re-read.
 */
export function newerTicker(current: TickerDto, incoming: TickerDto): TickerDto {
  if (incoming.marketId !== current.marketId) return current;
  const currentId = current.lastTradeId ?? 0;
  const incomingId = incoming.lastTradeId ?? 0;
  if (incomingId !== currentId) return incomingId > currentId ? incoming : current;
  return Date.parse(incoming.asOf) >= Date.parse(current.asOf) ? incoming : current;
}

/**
 * Applies a live trade to a ticker when no DB-computed ticker came with it: last, high, low, volume
 * and change move exactly; trades at or below `lastTradeId` are already counted and ignored. Trades
 * leaving the 24h window are not expired here: the next DB-computed ticker does that.
 */
export function applyTradeToTicker(ticker: TickerDto, trade: TradeDto): TickerDto {
  if (trade.marketId !== ticker.marketId) return ticker;
  if (ticker.lastTradeId !== null && trade.id <= ticker.lastTradeId) return ticker;
  const price = toDec(trade.price);
  const open = ticker.open24h === null ? price : toDec(ticker.open24h);
  const high = ticker.high === null ? price : Dec.max(toDec(ticker.high), price);
  const low = ticker.low === null ? price : Dec.min(toDec(ticker.low), price);
  const change = price.minus(open);
  return {
    ...ticker,
    last: decString(price),
    open24h: decString(open),
    change: decString(change),
    changePercent: percentChange(change, open),
    high: decString(high),
    low: decString(low),
    volume: decString(toDec(ticker.volume).plus(toDec(trade.amount))),
    tradeCount: ticker.tradeCount + 1,
    direction: directionOf(decString(change)),
    lastTradeId: trade.id,
    lastTradeAt: trade.createdAt,
  };
}
