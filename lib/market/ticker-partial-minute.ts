// The 24h ticker's two partial minutes (the window's first minute, cut at now - 24h, and the minute of
// now), added from stored rows in a bounded number of reads however busy the market: the minute's 1m
// Candle row when the cut leaves its trades all in or all out (its first and last trade times say), else
// its trades. The first minute is closed history, so when the cut falls among its trades the reader keeps
// that minute's running totals from each trade to the minute's end, once per minute and CandleRevision,
// and each later read picks the entry of the first trade inside the window.
import { sqliteDecimalText, toCandleUnits } from "@/lib/market/candle-units";
import type { MarketReader } from "@/lib/market/market-reader";
import { CLOSED_CANDLE_AGE_MS } from "@/lib/market/read-candles";
import { storedTimeMs, storedTimeText } from "@/lib/market/stored-time";
import type { CandleSums, WindowTotals } from "@/lib/market/window-totals";

const MINUTE_MS = 60_000;

const MINUTE_SQL = `SELECT "open", "high", "low", "volume", "tradeCount", "openAt", "closeAt" FROM "Candle" WHERE "marketId" = ? AND "interval" = ${MINUTE_MS} AND "time" = ?`;
const TRADES_SQL = `SELECT "price", "amount", "createdAt" FROM "Trade" WHERE "marketId" = ? AND "createdAt" >= ? AND "createdAt" < ? ORDER BY "createdAt", "id"`;
const REVISION_SQL = `SELECT "revision" FROM "CandleRevision" WHERE "marketId" = ?`;

/** A 1m Candle row with the time of its last trade. */
type MinuteRow = CandleSums & { closeAt: bigint };

/** A trade of a minute (candle units) and its time. */
interface MinuteTrade {
  at: number;
  price: bigint;
  amount: bigint;
}

/** Totals from one trade of a minute to the minute's end. */
interface Tail {
  at: number;
  open: bigint;
  high: bigint;
  low: bigint;
  volume: bigint;
  count: number;
}

/** The tails of one closed minute of one market, as read at one CandleRevision. */
interface KeptTails {
  minute: number;
  revision: number;
  tails: readonly Tail[];
}

function readTrades(reader: MarketReader, marketId: string, from: number, to: number): MinuteTrade[] {
  const rows = reader.statement<{ price: number; amount: number; createdAt: string }>(TRADES_SQL).all(marketId, storedTimeText(from), storedTimeText(to));
  return rows.map((row) => ({ at: storedTimeMs(row.createdAt), price: toCandleUnits(sqliteDecimalText(row.price)), amount: toCandleUnits(sqliteDecimalText(row.amount)) }));
}

/** For each trade (time order), the totals of it and every later one. */
function tailsOf(trades: readonly MinuteTrade[]): Tail[] {
  const tails: Tail[] = [];
  let next: Tail | undefined;
  for (let i = trades.length - 1; i >= 0; i -= 1) {
    const trade = trades[i]!;
    const tail: Tail =
      next === undefined
        ? { at: trade.at, open: trade.price, high: trade.price, low: trade.price, volume: trade.amount, count: 1 }
        : {
            at: trade.at,
            open: trade.price,
            high: trade.price > next.high ? trade.price : next.high,
            low: trade.price < next.low ? trade.price : next.low,
            volume: trade.amount + next.volume,
            count: next.count + 1,
          };
    tails.push(tail);
    next = tail;
  }
  return tails.reverse();
}

/** The kept tails of closed `minute` (read and kept when missing or of another minute or revision). */
function tailsOfClosedMinute(reader: MarketReader, marketId: string, minute: number): readonly Tail[] {
  const key = `ticker-first-minute:${marketId}`;
  const revision = Number(reader.statement<{ revision: number }>(REVISION_SQL).get(marketId)?.revision ?? 0);
  const kept = reader.cache.get(key) as KeptTails | undefined;
  if (kept !== undefined && kept.minute === minute && kept.revision === revision) return kept.tails;
  const tails = tailsOf(readTrades(reader, marketId, minute, minute + MINUTE_MS));
  reader.cache.set(key, { minute, revision, tails } satisfies KeptTails);
  return tails;
}

/** Index of the first tail at or after `at` (tails.length when none). */
function firstAtOrAfter(tails: readonly Tail[], at: number): number {
  let low = 0;
  let high = tails.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tails[middle]!.at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Adds to `totals` the trades of `piece` ([from, to), inside one minute, starting or ending on its bounds)
 * of `marketId` at the reader's clock `nowMs`; call inside a snapshot, pieces in time order.
 */
export function addPartialMinute(reader: MarketReader, marketId: string, piece: { from: number; to: number }, nowMs: number, totals: WindowTotals): void {
  const minute = Math.floor(piece.from / MINUTE_MS) * MINUTE_MS;
  const row = reader.statement<MinuteRow>(MINUTE_SQL, true).get(marketId, minute);
  if (row === undefined) return;
  const openAt = Number(row.openAt);
  const closeAt = Number(row.closeAt);
  if (closeAt < piece.from) return;
  if (openAt >= piece.from && closeAt < piece.to) {
    totals.addCandle(row);
    return;
  }
  // The cut falls among the minute's trades (or all of them are after now). A closed minute is the window's
  // first, whose piece runs to the minute's end: its tails answer. The minute of now is read as it is.
  if (minute + MINUTE_MS <= nowMs - CLOSED_CANDLE_AGE_MS) {
    const tails = tailsOfClosedMinute(reader, marketId, minute);
    const tail = tails[firstAtOrAfter(tails, piece.from)];
    if (tail !== undefined) totals.add(tail.open, tail.at, tail.high, tail.low, tail.volume, tail.count);
    return;
  }
  for (const trade of readTrades(reader, marketId, piece.from, piece.to)) totals.add(trade.price, trade.at, trade.price, trade.price, trade.amount, 1);
}
