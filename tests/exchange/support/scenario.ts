// Random operation sequences for the engine's property tests: fast-check arbitraries for places
// (limit and market, both sides, some invalid or unfundable), cancels (some of another member's
// order) and cancel-alls, and a runner that executes them against an engine and a FundsLedger
// and hands every step to a property's check.
import fc from "fast-check";
import {
  defineMarket,
  FundsLedger,
  lockCurrencyOf,
  MatchingEngine,
  type CommandResult,
  type Market,
  type MarketConfig,
  type OrderSnapshot,
  type PlaceResult,
  type Side,
} from "@/lib/exchange/engine";

/** Small numbers, awkward steps: balances at 3 base and 4 quote decimals, tick 0.05, lot 0.5, min value 5, a 25% band, fees that round. */
export const SCENARIO_CONFIG: MarketConfig = {
  id: "tstusd",
  base: "tst",
  quote: "usd",
  baseScale: 3,
  quoteScale: 4,
  tickSize: "0.05",
  lotSize: "0.5",
  minOrderValue: "5",
  priceBand: "0.25",
  makerFee: "0.001",
  takerFee: "0.0025",
};

/** The scenario market (around 100.00), with its fees or none. */
export function scenarioMarket(fees: boolean): Market {
  return defineMarket(fees ? SCENARIO_CONFIG : { ...SCENARIO_CONFIG, makerFee: "0", takerFee: "0" });
}

/** Reference price every scenario starts from: 100.00 in price units. */
export const START_PRICE = 10_000n;
/** Members trading in a scenario (few, so self-trades happen). */
export const MEMBERS = ["m0", "m1", "m2", "m3"] as const;

export type PlaceCommand = {
  t: "place";
  member: number;
  side: Side;
  kind: "limit" | "market";
  /** Distance from 100.00 away from the other side, in steps of 0.25 (10x when `far`, to hit the band): negative crosses. */
  ticks: number;
  far: boolean;
  offTick: boolean;
  lots: number;
  offLot: boolean;
  /** Market buys: spend limit in whole USD. */
  boundUsd: number;
};
export type CancelCommand = { t: "cancel"; pick: number; own: boolean; member: number };
export type CancelAllCommand = { t: "cancelAll"; member: number };
export type Command = PlaceCommand | CancelCommand | CancelAllCommand;

/** A whole scenario: fee or no fee, each member's starting funds, the commands. */
export interface Scenario {
  fees: boolean;
  grants: Array<{ base: number; quote: number }>;
  commands: Command[];
}

const memberArb = fc.integer({ min: 0, max: MEMBERS.length - 1 });
const placeArb: fc.Arbitrary<PlaceCommand> = fc.record({
  t: fc.constant("place" as const),
  member: memberArb,
  side: fc.constantFrom<Side>("buy", "sell"),
  kind: fc.constantFrom<"limit" | "market">("limit", "limit", "limit", "market"),
  ticks: fc.integer({ min: -8, max: 12 }),
  far: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  offTick: fc.integer({ min: 0, max: 29 }).map((n) => n === 0),
  lots: fc.integer({ min: 0, max: 12 }),
  offLot: fc.integer({ min: 0, max: 29 }).map((n) => n === 0),
  boundUsd: fc.integer({ min: 1, max: 900 }),
});
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: placeArb, weight: 30 },
  { arbitrary: fc.record({ t: fc.constant("cancel" as const), pick: fc.nat(), own: fc.boolean(), member: memberArb }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("cancelAll" as const), member: memberArb }), weight: 1 },
);

/** Random scenarios of up to `maxCommands` commands. */
export function scenarioArb(maxCommands = 60): fc.Arbitrary<Scenario> {
  return fc.record({
    fees: fc.boolean(),
    grants: fc.array(fc.record({ base: fc.integer({ min: 0, max: 200 }), quote: fc.integer({ min: 0, max: 30_000 }) }), {
      minLength: MEMBERS.length,
      maxLength: MEMBERS.length,
    }),
    commands: fc.array(commandArb, { minLength: 1, maxLength: maxCommands, size: "max" }),
  });
}

/** Everything the engine and ledger showed just before a command. */
export interface Before {
  open: OrderSnapshot[];
  lastPrice: bigint | null;
  sequence: number;
  accounts: ReturnType<FundsLedger["accounts"]>;
}

/** One executed command. */
export interface Step {
  index: number;
  command: Command;
  /** The order placed (place commands only). */
  placed: { id: string; memberId: string; side: Side; kind: "limit" | "market"; volume: bigint; price: bigint | null } | null;
  before: Before;
  result: PlaceResult | CommandResult;
  /** What applying the funds events to the ledger answered (accepted commands). */
  applied: ReturnType<FundsLedger["apply"]> | null;
}

/** The engine, the ledger and what the runner tracks independently of the engine. */
export interface World {
  market: Market;
  engine: MatchingEngine;
  ledger: FundsLedger;
  /** Sum of balance + locked per currency at the start. */
  totals: Map<string, bigint>;
  /** Volume and funds filled per order id, summed from trade events. */
  filled: Map<string, { volume: bigint; funds: bigint }>;
  /** The book rebuilt from level events only: "side:price" -> volume. */
  levels: Map<string, bigint>;
}

/** The order a place command submits (units of the scenario market). */
export function orderFor(market: Market, command: PlaceCommand, index: number): { id: string; memberId: string; side: Side; kind: "limit" | "market"; price: bigint | null; volume: bigint; quoteBound: bigint | null; at: number } {
  const step = command.far ? 250n : 25n;
  const away = command.side === "buy" ? -1n : 1n;
  const price = command.kind === "limit" ? START_PRICE + away * BigInt(command.ticks) * step + (command.offTick ? 1n : 0n) : null;
  const volume = BigInt(command.lots) * market.lot + (command.offLot ? 1n : 0n);
  const quoteBound = command.kind === "market" && command.side === "buy" ? BigInt(command.boundUsd) * 10n ** BigInt(market.quoteScale) : null;
  return { id: `o${index}`, memberId: MEMBERS[command.member] ?? "m0", side: command.side, kind: command.kind, price, volume, quoteBound, at: 1_000 * (index + 1) };
}

/** A fresh engine and ledger for a scenario. */
export function createWorld(scenario: Scenario): World {
  const market = scenarioMarket(scenario.fees);
  const engine = new MatchingEngine(market, { lastPrice: START_PRICE });
  const ledger = new FundsLedger();
  scenario.grants.forEach((grant, i) => {
    const member = MEMBERS[i] ?? "m0";
    ledger.grant(member, market.base, BigInt(grant.base) * 10n ** BigInt(market.baseScale));
    ledger.grant(member, market.quote, BigInt(grant.quote) * 10n ** BigInt(market.quoteScale));
  });
  const totals = new Map([market.base, market.quote].map((c) => [c, ledger.total(c)]));
  return { market, engine, ledger, totals, filled: new Map(), levels: new Map() };
}

/** A command's arguments, fixed from the world's state (balances, open orders) before it runs. */
export interface PreparedCommand {
  placed: Step["placed"];
  /** Runs the command on an engine (the world's, or a rebuilt one given the same arguments). */
  run: (engine: MatchingEngine) => PlaceResult | CommandResult;
}

/** Fixes a command's arguments from the world as it is now. */
export function prepareCommand(world: World, command: Command, index: number): PreparedCommand {
  const { engine, ledger, market } = world;
  const at = 1_000 * (index + 1);
  if (command.t === "place") {
    const order = orderFor(market, command, index);
    const available = ledger.available(order.memberId, lockCurrencyOf(market, order.side));
    return { placed: order, run: (target) => target.place(order, available) };
  }
  if (command.t === "cancel") {
    const open = engine.openOrders();
    const target = open.length > 0 ? open[command.pick % open.length] : undefined;
    const member = command.own && target ? target.memberId : (MEMBERS[command.member] ?? "m0");
    const id = target?.id ?? "missing";
    return { placed: null, run: (on) => on.cancel(id, member, at) };
  }
  const member = MEMBERS[command.member] ?? "m0";
  return { placed: null, run: (on) => on.cancelAll(member, at) };
}

/** Runs one command against the world; records fills and level events when it was accepted. */
export function executeCommand(world: World, command: Command, index: number): Step {
  const { engine, ledger } = world;
  const before: Before = { open: engine.openOrders(), lastPrice: engine.lastPrice, sequence: engine.sequence, accounts: ledger.accounts() };
  const { placed, run } = prepareCommand(world, command, index);
  const result = run(engine);
  let applied: Step["applied"] = null;
  if (result.ok) {
    applied = ledger.apply(result.events);
    for (const event of result.events) {
      if (event.type === "trade") {
        for (const id of [event.makerOrderId, event.takerOrderId]) {
          const sum = world.filled.get(id) ?? { volume: 0n, funds: 0n };
          world.filled.set(id, { volume: sum.volume + event.volume, funds: sum.funds + event.funds });
        }
      } else if (event.type === "level") {
        const key = `${event.side}:${event.price}`;
        if (event.volume === 0n) world.levels.delete(key);
        else world.levels.set(key, event.volume);
      }
    }
  }
  return { index, command, placed, before, result, applied };
}

/** Runs a scenario, calling `check` after every command and `finish` at the end. */
export function runScenario(scenario: Scenario, check: (step: Step, world: World) => void, finish?: (world: World) => void): World {
  const world = createWorld(scenario);
  scenario.commands.forEach((command, index) => check(executeCommand(world, command, index), world));
  finish?.(world);
  return world;
}
