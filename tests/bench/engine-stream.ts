// The seeded order stream `npm run bench:engine` feeds to every engine: limit and market orders
// on both sides with Gaussian prices around a mid, 20% cancels of recent limit orders, members
// drawn from a pool (so self-trades happen). Integers only: prices in ticks (0.01), sizes in
// lots (0.001), so each engine gets exactly the same numbers in its own representation.
import { createSeededRandom, type Random } from "../../lib/simulator/random-walk.ts";

/** Shape of the stream. */
export interface StreamOptions {
  /** Commands in the stream (orders and cancels). */
  commands: number;
  seed: number;
  /** Share of commands that cancel one of the last `cancelWindow` limit orders. */
  cancelShare: number;
  /** Share of orders (non-cancels) that are market orders. */
  marketShare: number;
  /** Bids are drawn around mid - halfSpread, asks around mid + halfSpread (ticks). */
  midTicks: number;
  halfSpreadTicks: number;
  /** Standard deviation of prices, in ticks. */
  sdTicks: number;
  /** Sizes are uniform in 1..maxLots. */
  maxLots: number;
  members: number;
  cancelWindow: number;
}

/** Defaults: 200k commands, 20% cancels, 10% of orders at market, prices N(500.00 -+ 1.00, 3.00). */
export const DEFAULT_STREAM: StreamOptions = {
  commands: 200_000,
  seed: 20_261_122,
  cancelShare: 0.2,
  marketShare: 0.1,
  midTicks: 50_000,
  halfSpreadTicks: 100,
  sdTicks: 300,
  maxLots: 1000,
  members: 1000,
  cancelWindow: 2000,
};

/** One command of the stream. */
export type StreamCommand =
  | { op: "limit"; id: string; member: string; side: "buy" | "sell"; priceTicks: number; lots: number }
  | { op: "market"; id: string; member: string; side: "buy" | "sell"; lots: number }
  | { op: "cancel"; id: string; member: string };

/** A standard normal draw (Box-Muller) from a uniform source. */
function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Builds the stream: the same options always give the same commands. */
export function generateOrderStream(options: StreamOptions): StreamCommand[] {
  const random = createSeededRandom(options.seed);
  const stream: StreamCommand[] = [];
  const recent: Array<{ id: string; member: string }> = [];
  for (let i = 0; i < options.commands; i++) {
    if (recent.length > 0 && random() < options.cancelShare) {
      const pick = recent[Math.floor(random() * recent.length)];
      if (pick !== undefined) {
        stream.push({ op: "cancel", id: pick.id, member: pick.member });
        continue;
      }
    }
    const id = `o${i}`;
    const member = `m${Math.floor(random() * options.members)}`;
    const side = random() < 0.5 ? "buy" : "sell";
    const lots = 1 + Math.floor(random() * options.maxLots);
    if (random() < options.marketShare) {
      stream.push({ op: "market", id, member, side, lots });
      continue;
    }
    const center = options.midTicks + (side === "buy" ? -options.halfSpreadTicks : options.halfSpreadTicks);
    const priceTicks = Math.max(1, Math.round(center + gaussian(random) * options.sdTicks));
    stream.push({ op: "limit", id, member, side, priceTicks, lots });
    recent.push({ id, member });
    if (recent.length > options.cancelWindow) recent.shift();
  }
  return stream;
}
