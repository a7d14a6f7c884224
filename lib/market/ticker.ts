// The 24h ticker as a pure function of trades and a clock, in exact decimals.
//
// Definitions (tested in tests/market/ticker.test.ts):
// - Order: trades are ordered by time, then by id; of two trades at the same instant the higher
//   id is the later one. Trades after `now` are ignored (not yet visible at `now`).
// - Window: (now - 24h, now]. A trade exactly 24h old has left the window (peatio's
//   `created_at > 24.hours.ago`); a trade exactly at `now` is in it.
// - last: price of the latest trade overall, even when it is older than the window.
// - open24h / high / low: first / highest / lowest price in the window; null when the window
//   is empty. change = last - open24h; changePercent = change / open24h * 100, rounded half-up
//   to 2 places; both null when the window is empty. volume = sum of amounts in the window ("0"
//   when empty).
// - direction: "up" / "down" by the sign of change; "flat" when change is zero or null.
// - No trades at all: every price field null, volume "0", direction "flat".
// - One trade in the window: open = high = low = last, change "0", changePercent "0.00".
import { Dec, decString, toDec, type DecimalInput } from "@/lib/market/decimal";
import type { Direction } from "@/lib/schemas/market";

/** Length of the ticker window. */
export const TICKER_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The minimum a trade needs for market math. */
export interface TradeInput {
  id: number;
  price: DecimalInput;
  amount: DecimalInput;
  createdAt: Date | string;
}

/** Result of computeTicker: decimal strings, null where there is nothing to show. */
export interface Ticker {
  last: string | null;
  open24h: string | null;
  change: string | null;
  changePercent: string | null;
  high: string | null;
  low: string | null;
  volume: string;
  tradeCount: number;
  direction: Direction;
  lastTradeId: number | null;
  lastTradeAt: string | null;
}

/** Milliseconds since the epoch of a trade time; throws on an invalid date. */
export function tradeTimeMs(createdAt: Date | string): number {
  const ms = createdAt instanceof Date ? createdAt.getTime() : Date.parse(createdAt);
  if (!Number.isFinite(ms)) throw new TypeError(`Invalid trade time: ${String(createdAt)}`);
  return ms;
}

/** Orders two trades by (time, id): negative when `a` happened first. */
export function compareTrades(a: TradeInput, b: TradeInput): number {
  return tradeTimeMs(a.createdAt) - tradeTimeMs(b.createdAt) || a.id - b.id;
}

/** Direction of a change: the sign of the decimal, "flat" for zero or unknown. */
export function directionOf(change: string | null): Direction {
  if (change === null) return "flat";
  const sign = toDec(change).comparedTo(0);
  return sign > 0 ? "up" : sign < 0 ? "down" : "flat";
}

/** change as a percentage of open, rounded half-up to 2 places; null when open is zero. */
export function percentChange(change: Dec, open: Dec): string | null {
  if (open.isZero()) return null;
  const percent = change.div(open).times(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  const text = percent.toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}

/** Computes the 24h ticker at `now` from any set of trades of one market (any order). */
export function computeTicker(trades: readonly TradeInput[], now: Date): Ticker {
  const nowMs = now.getTime();
  const windowStartMs = nowMs - TICKER_WINDOW_MS;
  const visible = trades.filter((trade) => tradeTimeMs(trade.createdAt) <= nowMs).sort(compareTrades);
  const latest = visible.at(-1);
  if (!latest) {
    return {
      last: null, open24h: null, change: null, changePercent: null, high: null, low: null,
      volume: "0", tradeCount: 0, direction: "flat", lastTradeId: null, lastTradeAt: null,
    };
  }
  const last = toDec(latest.price);
  const inWindow = visible.filter((trade) => tradeTimeMs(trade.createdAt) > windowStartMs);
  const lastFields = {
    last: decString(last),
    lastTradeId: latest.id,
    lastTradeAt: new Date(tradeTimeMs(latest.createdAt)).toISOString(),
  };
  const first = inWindow[0];
  if (!first) {
    return {
      ...lastFields, open24h: null, change: null, changePercent: null, high: null, low: null,
      volume: "0", tradeCount: 0, direction: "flat",
    };
  }
  const open = toDec(first.price);
  let high = open;
  let low = open;
  let volume = new Dec(0);
  for (const trade of inWindow) {
    const price = toDec(trade.price);
    if (price.greaterThan(high)) high = price;
    if (price.lessThan(low)) low = price;
    volume = volume.plus(toDec(trade.amount));
  }
  const change = decString(last.minus(open));
  return {
    ...lastFields,
    open24h: decString(open),
    change,
    changePercent: percentChange(last.minus(open), open),
    high: decString(high),
    low: decString(low),
    volume: decString(volume),
    tradeCount: inWindow.length,
    direction: directionOf(change),
  };
}
