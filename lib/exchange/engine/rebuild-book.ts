// Building an engine from what the DB holds: the market sequence, the last trade price and the
// open orders (decimal strings). After a restart the book is exactly those orders, in seq order.
import { parseScaledOrThrow } from "./decimal";
import type { Market } from "./market";
import { MatchingEngine, type RestingOrderInit } from "./matching-engine";
import type { OpenOrderRecord, OrderSnapshot } from "./types";

/** What the DB knows about a market when an engine is (re)built. */
export interface StoredMarketState {
  /** Sequence of the last command applied to this market. */
  sequence: number;
  /** Last trade price as a decimal string, or null before the first trade. */
  lastPrice: string | null;
  /** The market's open (`wait`) orders. */
  openOrders: readonly OpenOrderRecord[];
  /** Member id of the fee account (default "fee"). */
  feeAccountId?: string;
}

/** Reads one stored open order into market units; throws on a value the market cannot hold. */
export function parseOpenOrder(market: Market, record: OpenOrderRecord): RestingOrderInit {
  const what = `open order ${record.id}`;
  return {
    id: record.id,
    memberId: record.memberId,
    side: record.side,
    price: parseScaledOrThrow(record.price, market.priceScale, `${what} price`),
    volume: parseScaledOrThrow(record.volume, market.amountScale, `${what} volume`),
    originVolume: parseScaledOrThrow(record.originVolume, market.amountScale, `${what} originVolume`),
    filledFunds: parseScaledOrThrow(record.filledFunds ?? "0", market.fundsScale, `${what} filledFunds`),
    seq: record.seq,
    at: record.at,
    updatedAt: record.updatedAt ?? record.at,
  };
}

/** An engine whose book is the stored open orders, at the stored sequence and last price. */
export function createMatchingEngine(market: Market, state: StoredMarketState): MatchingEngine {
  const lastPrice = state.lastPrice === null ? null : parseScaledOrThrow(state.lastPrice, market.priceScale, `${market.id} last price`);
  const engine = new MatchingEngine(market, { sequence: state.sequence, lastPrice, feeAccountId: state.feeAccountId });
  engine.restore(state.openOrders.map((record) => parseOpenOrder(market, record)));
  return engine;
}

/** The same engine state from in-memory snapshots (e.g. another engine's openOrders()). */
export function rebuildFromSnapshots(market: Market, snapshots: readonly OrderSnapshot[], sequence: number, lastPrice: bigint | null, feeAccountId?: string): MatchingEngine {
  const engine = new MatchingEngine(market, { sequence, lastPrice, feeAccountId });
  engine.restore(
    snapshots.map((order) => {
      if (order.price === null || order.state !== "wait") throw new Error(`order ${order.id} is not an open limit order`);
      return { ...order, price: order.price };
    }),
  );
  return engine;
}
