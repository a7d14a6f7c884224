// Reads a market's 24h ticker from the maintained candles: one snapshot, exact decimals, a bounded number
// of rows at any trade count (whole 1h / 5m / 1m buckets of the window plus the raw trades of its two
// partial minutes, see ticker-window.ts). Same definitions as computeTicker (lib/market/ticker.ts).
import "server-only";
import { db, type DbClient } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { fromCandleUnits, sqliteDecimalText, toCandleUnits } from "@/lib/market/candle-units";
import { marketReaderFor, type MarketReader } from "@/lib/market/market-reader";
import { readTickerOnPostgres } from "@/lib/market/postgres-market-reads";
import { storedTimeIso, storedTimeMs, storedTimeText } from "@/lib/market/stored-time";
import { TICKER_WINDOW_MS, type Ticker } from "@/lib/market/ticker";
import { addPartialMinute } from "@/lib/market/ticker-partial-minute";
import { splitWindow } from "@/lib/market/ticker-window";
import { NO_TRADES, WindowTotals, type CandleSums } from "@/lib/market/window-totals";
import type { TickerDto } from "@/lib/schemas/market";

/** Options of the market data functions: another client (tests, scripts) and the clock. */
export interface MarketReadOptions {
  client?: DbClient;
  now?: Date;
}

const LATEST_SQL = `SELECT "id", "price", "createdAt" FROM "Trade" WHERE "marketId" = ? AND "createdAt" <= ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`;
const CANDLES_SQL = `SELECT "open", "high", "low", "volume", "tradeCount", "openAt" FROM "Candle" WHERE "marketId" = ? AND "interval" = ? AND "time" >= ? AND "time" < ? ORDER BY "time"`;
const NEXT_SQL = `SELECT "createdAt" FROM "Trade" WHERE "marketId" = ? AND "createdAt" > ? ORDER BY "createdAt" LIMIT 1`;

interface StoredPrice {
  id: number;
  price: number;
  createdAt: string;
}

/** A ticker and until when (ms, exclusive) it stays the answer if nothing is written: no trade leaves or enters its window before. */
interface TimedTicker {
  at: number;
  validUntil: number;
  ticker: Ticker;
}

/** Computes the ticker at `nowMs`; call inside a snapshot. */
function computeTicker(reader: MarketReader, marketId: string, nowMs: number): TimedTicker {
  const next = reader.statement<{ createdAt: string }>(NEXT_SQL).get(marketId, storedTimeText(nowMs));
  const nextTradeAt = next === undefined ? Infinity : storedTimeMs(next.createdAt);
  const latest = reader.statement<StoredPrice>(LATEST_SQL).get(marketId, storedTimeText(nowMs));
  if (latest === undefined) return { at: nowMs, validUntil: nextTradeAt, ticker: NO_TRADES };
  const last = toCandleUnits(sqliteDecimalText(latest.price));
  const lastFields = { last: fromCandleUnits(last), lastTradeId: latest.id, lastTradeAt: storedTimeIso(latest.createdAt) };
  // The window (now - 24h, now] in whole ms is [now - 24h + 1, now + 1).
  const totals = new WindowTotals();
  for (const piece of splitWindow(nowMs - TICKER_WINDOW_MS + 1, nowMs + 1)) {
    if (piece.kind === "candles") {
      for (const row of reader.statement<CandleSums>(CANDLES_SQL, true).all(marketId, piece.size, piece.from, piece.to)) {
        totals.addCandle(row);
      }
    } else {
      addPartialMinute(reader, marketId, piece, nowMs, totals);
    }
  }
  // A trade at time t is in the window while now < t + 24h; a trade after now enters at its time.
  const validUntil = Math.min(nextTradeAt, totals.openAt + TICKER_WINDOW_MS);
  return { at: nowMs, validUntil, ticker: totals.ticker(last, lastFields) };
}

/**
 * The ticker of `marketId` at `nowMs` from `reader`'s database, in one snapshot; kept while nothing is
 * written and no trade enters or leaves the window (the same figures, exactly).
 */
export function readTicker(reader: MarketReader, marketId: string, nowMs: number): Ticker {
  const kept = reader.kept(`ticker:${marketId}`, () => computeTicker(reader, marketId, nowMs), (value) => nowMs >= value.at && nowMs < value.validUntil);
  return kept.ticker;
}

/** The 24h ticker of `marketId` at `now` (see lib/market/ticker.ts for the definitions). */
export async function getTicker(marketId: string, { client = db, now = new Date() }: MarketReadOptions = {}): Promise<TickerDto> {
  const ticker = providerOf(client) === "postgresql" ? await readTickerOnPostgres(client, marketId, now.getTime()) : readTicker(marketReaderFor(client), marketId, now.getTime());
  return { marketId, ...ticker, asOf: now.toISOString() };
}
