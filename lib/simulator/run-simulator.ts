// The demo market maker's loop: at a steady rate, walk from the market's last price, record the trade
// with recordTrade (the trade form's code path) and announce it with the publish function the form
// uses. Stops after `count` trades, after `durationMs`, or when `signal` aborts (finishing the trade
// in flight).
import type { TradeDto } from "@/lib/schemas/market";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import { recordTrade, type TradeDb } from "@/lib/trades/record-trade";
import { DEFAULT_WALK, nextSimulatedTrade, type Random, type WalkOptions } from "@/lib/simulator/random-walk";

/** Settings of one market maker run. */
export interface SimulatorOptions {
  db: TradeDb;
  /** Announces a recorded trade (publishTrade bound to a pusher client); resolves false on failure. */
  publish: (trade: TradeDto) => Promise<boolean>;
  marketId: string;
  /** Trades per second (> 0). */
  rate: number;
  count?: number;
  durationMs?: number;
  signal?: AbortSignal;
  random?: Random;
  walk?: WalkOptions;
  /** Used when the market has no trades yet. */
  startPrice?: string;
  onTrade?: (trade: TradeDto, published: boolean) => void;
}

/** What a run did. */
export interface SimulatorResult {
  recorded: number;
  published: number;
  rejected: number;
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

/** Runs the market maker on one market until count, duration or abort; throws if the market is unknown. */
export async function runSimulator(options: SimulatorOptions): Promise<SimulatorResult> {
  const { db, publish, marketId, rate, count, durationMs, signal, random = Math.random, walk = DEFAULT_WALK } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  const periodMs = 1000 / rate;
  const started = Date.now();
  const deadline = durationMs === undefined ? Infinity : started + durationMs;
  const result: SimulatorResult = { recorded: 0, published: 0, rejected: 0 };
  let rejectedInARow = 0;

  for (let index = 0; ; index += 1) {
    if (signal?.aborted || (count !== undefined && result.recorded >= count) || Date.now() >= deadline) break;
    // The DB's last price each time, so the walk follows trades from the form too.
    const last = (await readLastTradePrice(db, marketId)) ?? options.startPrice ?? "100";
    const next = nextSimulatedTrade(last, random, walk);
    const recorded = await recordTrade(db, { marketId, ...next });
    if (!recorded.ok) {
      const problems = Object.entries(recorded.errors).map(([field, messages]) => `${field}: ${messages?.join(" ")}`);
      if (recorded.errors.marketId) throw new Error(`Market ${marketId}: ${problems.join("; ")}`);
      result.rejected += 1; // a walk step outside the form's limits: skip it, like a refused order
      rejectedInARow += 1;
      if (rejectedInARow >= 20) throw new Error(`Market ${marketId}: 20 trades in a row refused (${problems.join("; ")})`);
    } else {
      rejectedInARow = 0;
      result.recorded += 1;
      const published = await publish(recorded.trade);
      if (published) result.published += 1;
      options.onTrade?.(recorded.trade, published);
    }
    // Steady rate: trade n is due at start + n * period, whatever each step took.
    const due = Math.min(started + (index + 1) * periodMs, deadline);
    if (count !== undefined && result.recorded >= count) break;
    await sleep(due - Date.now(), signal);
  }
  return result;
}
