// One engine in its own process for `npm run bench:engine`: builds the seeded stream, converts it
// to that engine's inputs (outside the timed loop), runs it once to warm up, then `passes` timed
// times on a fresh book each, and prints one `RESULT {json}` line with the timings and the final
// book (so the driver can check every engine did the same matching).
//
// Arguments come as flags or, from the driver, as BENCH_ENGINE_TARGET / _COMMANDS / _PASSES.
// Targets: ours (MatchingEngine.place/cancel on scaled bigints, events and funds moves included),
// ours-strings (submitOrder/cancelOrder: decimal strings in, decimal-string events out) and peer
// (nodejs-order-book's limit/market/cancel, self-trade prevention EXPIRE_MAKER like ours).
import { parseArgs } from "node:util";
import { OrderBook, SelfTradePreventionMode, Side } from "nodejs-order-book";
import { cancelOrder, defineMarket, formatScaled, MatchingEngine, submitOrder, type OrderInput, type PlaceOrder } from "../../lib/exchange/engine/index.ts";
import { DEFAULT_STREAM, generateOrderStream, type StreamCommand } from "./engine-stream.ts";

const { values: flags } = parseArgs({
  options: {
    target: { type: "string", default: process.env.BENCH_ENGINE_TARGET ?? "ours" },
    commands: { type: "string", default: process.env.BENCH_ENGINE_COMMANDS ?? String(DEFAULT_STREAM.commands) },
    seed: { type: "string", default: String(DEFAULT_STREAM.seed) },
    passes: { type: "string", default: process.env.BENCH_ENGINE_PASSES ?? "3" },
  },
});

/** The bench market: 0.01 tick, 0.001 lot, no minimum, no band, no fees (the peer has none). */
const market = defineMarket({
  id: "benchusd",
  base: "bench",
  quote: "usd",
  baseScale: 3,
  quoteScale: 5,
  tickSize: "0.01",
  lotSize: "0.001",
  minOrderValue: "0",
  priceBand: null,
});
const PLENTY = 10n ** 30n;

/** The book after a pass, engine-neutral: levels best first as [ticks, lots]. */
interface BookSummary {
  askLevels: number;
  bidLevels: number;
  askVolume: number;
  bidVolume: number;
  top: { asks: Array<[number, number]>; bids: Array<[number, number]> };
}

function summarize(asks: Array<[number, number]>, bids: Array<[number, number]>): BookSummary {
  const sum = (rows: Array<[number, number]>) => rows.reduce((total, [, volume]) => total + volume, 0);
  return { askLevels: asks.length, bidLevels: bids.length, askVolume: sum(asks), bidVolume: sum(bids), top: { asks: asks.slice(0, 5), bids: bids.slice(0, 5) } };
}

/** A runnable pass: `prepare` builds fresh inputs and a fresh book (untimed), `run` is timed. */
interface Runner {
  prepare(): void;
  run(): number;
  book(): BookSummary;
}

function oursRunner(stream: StreamCommand[]): Runner {
  type Op = { kind: 0; order: PlaceOrder } | { kind: 1; id: string; member: string; at: number };
  let ops: Op[] = [];
  let engine = new MatchingEngine(market);
  return {
    prepare() {
      engine = new MatchingEngine(market);
      ops = stream.map((command, at): Op => {
        if (command.op === "cancel") return { kind: 1, id: command.id, member: command.member, at };
        const limit = command.op === "limit";
        return {
          kind: 0,
          order: {
            id: command.id,
            memberId: command.member,
            side: command.side,
            kind: command.op,
            price: limit ? BigInt(command.priceTicks) : null,
            volume: BigInt(command.lots),
            quoteBound: !limit && command.side === "buy" ? PLENTY : null,
            at,
          },
        };
      });
    },
    run() {
      let trades = 0;
      for (const op of ops) {
        const result = op.kind === 0 ? engine.place(op.order, PLENTY) : engine.cancel(op.id, op.member, op.at);
        if (result.ok) for (const event of result.events) if (event.type === "trade") trades++;
      }
      return trades;
    },
    book() {
      return summarizeEngine(engine);
    },
  };
}

function oursStringsRunner(stream: StreamCommand[]): Runner {
  type Op = { kind: 0; input: OrderInput } | { kind: 1; id: string; member: string; at: number };
  const available = formatScaled(PLENTY, market.quoteScale);
  const bound = formatScaled(PLENTY / 10n, market.quoteScale);
  let ops: Op[] = [];
  let engine = new MatchingEngine(market);
  return {
    prepare() {
      engine = new MatchingEngine(market);
      ops = stream.map((command, at): Op => {
        if (command.op === "cancel") return { kind: 1, id: command.id, member: command.member, at };
        const limit = command.op === "limit";
        return {
          kind: 0,
          input: {
            id: command.id,
            memberId: command.member,
            side: command.side,
            kind: command.op,
            price: limit ? formatScaled(BigInt(command.priceTicks), market.priceScale) : null,
            volume: formatScaled(BigInt(command.lots), market.amountScale),
            quoteBound: !limit && command.side === "buy" ? bound : null,
            at,
          },
        };
      });
    },
    run() {
      let trades = 0;
      for (const op of ops) {
        const result = op.kind === 0 ? submitOrder(engine, op.input, available) : cancelOrder(engine, op.id, op.member, op.at);
        if (result.ok) for (const event of result.events) if (event.type === "trade") trades++;
      }
      return trades;
    },
    book() {
      return summarizeEngine(engine);
    },
  };
}

function summarizeEngine(engine: MatchingEngine): BookSummary {
  const depth = engine.depth(Number.POSITIVE_INFINITY);
  const rows = (levels: Array<[bigint, bigint]>) => levels.map(([price, volume]): [number, number] => [Number(price), Number(volume)]);
  return summarize(rows(depth.asks), rows(depth.bids));
}

function peerRunner(stream: StreamCommand[]): Runner {
  type LimitArgs = Parameters<OrderBook["limit"]>[0];
  type MarketArgs = Parameters<OrderBook["market"]>[0];
  type Op = { kind: 0; args: LimitArgs } | { kind: 2; args: MarketArgs } | { kind: 1; id: string };
  let ops: Op[] = [];
  let book = new OrderBook();
  return {
    prepare() {
      book = new OrderBook();
      ops = stream.map((command): Op => {
        if (command.op === "cancel") return { kind: 1, id: command.id };
        const side = command.side === "buy" ? Side.BUY : Side.SELL;
        const common = { id: command.id, side, size: command.lots, accountId: command.member, stpMode: SelfTradePreventionMode.EXPIRE_MAKER };
        return command.op === "limit" ? { kind: 0, args: { ...common, price: command.priceTicks } } : { kind: 2, args: common };
      });
    },
    run() {
      for (const op of ops) {
        if (op.kind === 0) book.limit(op.args);
        else if (op.kind === 2) book.market(op.args);
        else book.cancel(op.id);
      }
      return Number.NaN;
    },
    book() {
      const [asks, bids] = book.depth();
      return summarize(asks, bids);
    },
  };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

function main(): void {
  const target = flags.target ?? "ours";
  const commands = Number(flags.commands);
  const passes = Math.max(1, Number(flags.passes));
  const stream = generateOrderStream({ ...DEFAULT_STREAM, commands, seed: Number(flags.seed) });
  const make = { ours: oursRunner, "ours-strings": oursStringsRunner, peer: peerRunner }[target];
  if (make === undefined) throw new Error(`unknown target ${target}`);
  const runner = make(stream);
  runner.prepare();
  runner.run();
  const passMs: number[] = [];
  let trades = Number.NaN;
  for (let pass = 0; pass < passes; pass++) {
    runner.prepare();
    collectGarbage();
    const started = performance.now();
    trades = runner.run();
    passMs.push(performance.now() - started);
  }
  const sorted = [...passMs].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const summary = { target, commands, passMs, medianMs, commandsPerSecond: commands / (medianMs / 1000), trades, book: runner.book() };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main();
