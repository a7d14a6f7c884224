// Invariants of the matching engine and its funds model, checked by fast-check over random
// sequences of places (limit/market, both sides, some invalid or unfundable), cancels (some of
// another member's order) and cancel-alls, with and without fees. Each property is checked after
// every command; a failure names the command and fast-check shrinks it to a short sequence.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createMatchingEngine,
  formatOrder,
  formatScaled,
  isWithinBand,
  rebuildFromSnapshots,
  type EngineEvent,
  type OrderSnapshot,
  type TradeEvent,
} from "@/lib/exchange/engine";
import { createWorld, executeCommand, orderFor, prepareCommand, runScenario, scenarioArb, type Step, type World } from "./support/scenario";

const RUNS = { numRuns: 100 };

/** Checks `check` after every command of every generated scenario. */
function holdsAfterEveryCommand(check: (step: Step, world: World) => void, finish?: (world: World) => void): void {
  fc.assert(
    fc.property(scenarioArb(), (scenario) => {
      runScenario(scenario, check, finish);
    }),
    RUNS,
  );
}

function eventsOf(step: Step): EngineEvent[] {
  return step.result.ok ? step.result.events : [];
}

function tradesOf(step: Step): TradeEvent[] {
  return eventsOf(step).filter((event): event is TradeEvent => event.type === "trade");
}

/** What an open order may still spend, computed here from price and remaining volume alone. */
function expectedLock(world: World, order: OrderSnapshot): { currency: string; amount: bigint } {
  const { market } = world;
  if (order.side === "buy") return { currency: market.quote, amount: (order.price ?? 0n) * order.volume * 10n ** BigInt(market.quoteScale - market.fundsScale) };
  return { currency: market.base, amount: order.volume * 10n ** BigInt(market.baseScale - market.amountScale) };
}

describe("matching engine properties", () => {
  it("price-time priority: a taker meets resting orders best price first, oldest first, each at its own price", () => {
    holdsAfterEveryCommand((step, world) => {
      const taker = step.placed;
      if (taker === null || !step.result.ok) return;
      const opposite = taker.side === "buy" ? "sell" : "buy";
      const queue = step.before.open
        .filter((order) => order.side === opposite)
        .sort((a, b) => {
          const pa = a.price ?? 0n;
          const pb = b.price ?? 0n;
          if (pa !== pb) return (opposite === "sell" ? pa < pb : pa > pb) ? -1 : 1;
          return a.seq - b.seq;
        });
      const touched: Array<{ id: string; trade: TradeEvent | null }> = [];
      for (const event of step.result.events) {
        if (event.type === "trade") touched.push({ id: event.makerOrderId, trade: event });
        else if (event.type === "order" && event.order.cancelReason === "self-trade") touched.push({ id: event.order.id, trade: null });
      }
      touched.forEach((met, i) => {
        const expected = queue[i];
        expect(met.id, `command ${step.index}: maker #${i}`).toBe(expected?.id);
        if (expected === undefined) return;
        if (met.trade === null) {
          expect(expected.memberId).toBe(taker.memberId);
        } else {
          expect(expected.memberId).not.toBe(taker.memberId);
          expect(met.trade.price).toBe(expected.price);
          if (i < touched.length - 1) expect(met.trade.volume, "moved on before the maker was filled").toBe(expected.volume);
        }
      });
      // Nothing left that it should have met: a limit remainder does not cross the next order,
      // a market remainder stopped at the band or at its spend limit.
      const next = queue[touched.length];
      const final = step.result.ok && "order" in step.result ? step.result.order : null;
      if (next === undefined || final === null || final.volume === 0n) return;
      const nextPrice = next.price ?? 0n;
      if (taker.price !== null) {
        expect(taker.side === "buy" ? nextPrice > taker.price : nextPrice < taker.price, `command ${step.index}: left a crossing order unmet`).toBe(true);
      } else if (isWithinBand(world.market, nextPrice, step.before.lastPrice) && taker.side === "buy") {
        const spent = tradesOf(step).reduce((sum, t) => sum + t.funds, 0n) * 10n ** BigInt(world.market.quoteScale - world.market.fundsScale);
        const bound = step.command.t === "place" ? orderFor(world.market, step.command, step.index).quoteBound : null;
        const left = (bound ?? 0n) - spent;
        expect(nextPrice * world.market.lot * 10n ** BigInt(world.market.quoteScale - world.market.fundsScale) > left, "market buy stopped while it could pay").toBe(true);
      } else {
        expect(isWithinBand(world.market, nextPrice, step.before.lastPrice), "market sell stopped inside the band").toBe(false);
      }
    });
  });

  it("the book is never crossed after a command: best ask > best bid", () => {
    holdsAfterEveryCommand((step, world) => {
      const { ask, bid } = world.engine.bestPrices();
      if (ask !== null && bid !== null) expect(ask > bid, `command ${step.index}: ask ${ask} <= bid ${bid}`).toBe(true);
    });
  });

  it("a fill never exceeds the maker's or the taker's remaining volume, and is positive", () => {
    holdsAfterEveryCommand((step) => {
      let takerLeft = step.placed?.volume ?? 0n;
      for (const trade of tradesOf(step)) {
        const maker = step.before.open.find((order) => order.id === trade.makerOrderId);
        expect(maker, `command ${step.index}: maker ${trade.makerOrderId} was not resting`).toBeDefined();
        expect(trade.volume > 0n).toBe(true);
        expect(trade.volume <= (maker?.volume ?? 0n), "fill exceeds the maker's remaining volume").toBe(true);
        expect(trade.volume <= takerLeft, "fill exceeds the taker's remaining volume").toBe(true);
        expect(trade.funds).toBe(trade.price * trade.volume);
        takerLeft -= trade.volume;
      }
    });
  });

  it("origin_volume = volume + filled for every order, filled summed from the trades", () => {
    const consistent = (world: World, order: OrderSnapshot, where: string) => {
      const filled = world.filled.get(order.id) ?? { volume: 0n, funds: 0n };
      expect(order.originVolume, `${where}: order ${order.id}`).toBe(order.volume + filled.volume);
      expect(order.filledFunds, `${where}: order ${order.id} funds`).toBe(filled.funds);
      if (order.state === "done") expect(order.volume).toBe(0n);
      if (order.state === "wait") expect(order.volume > 0n).toBe(true);
    };
    holdsAfterEveryCommand(
      (step, world) => {
        for (const event of eventsOf(step)) if (event.type === "order") consistent(world, event.order, `command ${step.index}`);
      },
      (world) => {
        for (const order of world.engine.openOrders()) consistent(world, order, "open at the end");
      },
    );
  });

  it("conservation: per currency, balance + locked summed over all accounts (fee account included) never changes", () => {
    holdsAfterEveryCommand((step, world) => {
      for (const [currency, total] of world.totals) expect(world.ledger.total(currency), `command ${step.index}: ${currency}`).toBe(total);
    });
  });

  it("no balance or locked amount ever goes negative", () => {
    holdsAfterEveryCommand((step, world) => {
      if (step.result.ok) expect(step.applied, `command ${step.index}`).toEqual({ ok: true });
      for (const account of world.ledger.accounts()) {
        expect(account.balance >= 0n && account.locked >= 0n, `${account.memberId} ${account.currency}`).toBe(true);
      }
    });
  });

  it("each member's locked funds equal what their open orders may still spend", () => {
    holdsAfterEveryCommand((step, world) => {
      const expected = new Map<string, bigint>();
      for (const order of world.engine.openOrders()) {
        const lock = expectedLock(world, order);
        const key = `${order.memberId}/${lock.currency}`;
        expected.set(key, (expected.get(key) ?? 0n) + lock.amount);
      }
      for (const account of world.ledger.accounts()) {
        expect(account.locked, `command ${step.index}: ${account.memberId} ${account.currency}`).toBe(expected.get(`${account.memberId}/${account.currency}`) ?? 0n);
      }
    });
  });

  it("no order pays more than it locked (a market buy stays within its spend limit), and no order's lock goes negative", () => {
    holdsAfterEveryCommand((step, world) => {
      const taker = step.placed;
      if (taker === null || !step.result.ok) return;
      const lockCurrency = taker.side === "buy" ? world.market.quote : world.market.base;
      let locked = 0n;
      let paid = 0n;
      for (const event of step.result.events) {
        if (event.type === "order") expect(event.order.locked >= 0n, `order ${event.order.id} locked ${event.order.locked}`).toBe(true);
        if (event.type !== "funds" || event.orderId !== taker.id || event.currency !== lockCurrency) continue;
        if (event.reason === "lock") locked += event.locked;
        if (event.reason === "trade") paid -= event.locked;
      }
      expect(paid <= locked, `command ${step.index}: order ${taker.id} paid ${paid} from a lock of ${locked}`).toBe(true);
    });
  });

  it("a refused command changes nothing; an accepted one moves the sequence by exactly one", () => {
    holdsAfterEveryCommand((step, world) => {
      if (!step.result.ok) {
        expect(world.engine.openOrders()).toEqual(step.before.open);
        expect(world.engine.sequence).toBe(step.before.sequence);
        expect(world.ledger.accounts()).toEqual(step.before.accounts);
      } else if (step.result.events.length === 0) {
        expect(step.command.t).toBe("cancelAll");
        expect(world.engine.sequence).toBe(step.before.sequence);
      } else {
        expect(step.result.sequence).toBe(step.before.sequence + 1);
        expect(world.engine.sequence).toBe(step.result.sequence);
      }
    });
  });

  it("market orders never rest", () => {
    holdsAfterEveryCommand((step, world) => {
      if (step.placed?.kind !== "market" || !step.result.ok || !("order" in step.result)) return;
      expect(step.result.order.state).not.toBe("wait");
      expect(world.engine.openOrder(step.placed.id)).toBeUndefined();
    });
  });

  it("the level events, applied in order, give the same aggregated book as the engine", () => {
    holdsAfterEveryCommand((step, world) => {
      const depth = world.engine.depth(Number.POSITIVE_INFINITY);
      const fromEngine = new Map<string, bigint>();
      for (const [price, volume] of depth.asks) fromEngine.set(`sell:${price}`, volume);
      for (const [price, volume] of depth.bids) fromEngine.set(`buy:${price}`, volume);
      expect(world.levels, `command ${step.index}`).toEqual(fromEngine);
    });
  });

  it("the engine is deterministic: the same commands give the same events", () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const first: Step["result"][] = [];
        const second: Step["result"][] = [];
        runScenario(scenario, (step) => first.push(step.result));
        runScenario(scenario, (step) => second.push(step.result));
        expect(second).toEqual(first);
      }),
      { numRuns: 60 },
    );
  });

  it("a book rebuilt from the open orders (as snapshots and as stored strings) equals the live book and behaves the same", () => {
    fc.assert(
      fc.property(scenarioArb(40), scenarioArb(20), (prefix, suffix) => {
        const world = createWorld(prefix);
        prefix.commands.forEach((command, index) => executeCommand(world, command, index));
        const live = world.engine;
        const { market } = world;
        const fromSnapshots = rebuildFromSnapshots(market, live.openOrders(), live.sequence, live.lastPrice);
        const fromStrings = createMatchingEngine(market, {
          sequence: live.sequence,
          lastPrice: live.lastPrice === null ? null : formatScaled(live.lastPrice, market.priceScale),
          openOrders: live.openOrders().map((order) => {
            const dto = formatOrder(market, order);
            return { ...dto, price: dto.price ?? "" };
          }),
        });
        for (const rebuilt of [fromSnapshots, fromStrings]) {
          expect(rebuilt.openOrders()).toEqual(live.openOrders());
          expect(rebuilt.depth(Number.POSITIVE_INFINITY)).toEqual(live.depth(Number.POSITIVE_INFINITY));
          expect(rebuilt.sequence).toBe(live.sequence);
          expect(rebuilt.lastPrice).toBe(live.lastPrice);
        }
        // Then the same commands, with the same arguments, on all three: identical results.
        suffix.commands.forEach((command, i) => {
          const index = prefix.commands.length + i;
          const { run } = prepareCommand(world, command, index);
          const rebuiltResults = [run(fromSnapshots), run(fromStrings)];
          const step = executeCommand(world, command, index);
          expect(rebuiltResults, `suffix command ${i}`).toEqual([step.result, step.result]);
        });
      }),
      { numRuns: 60 },
    );
  });
});
