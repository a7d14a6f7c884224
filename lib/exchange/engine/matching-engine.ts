// The matching engine of one market: decides, never does I/O. Each command (place, cancel,
// cancel-all) either is refused with nothing changed, or bumps the market sequence by one and
// returns the events that describe every change, for a persistence layer to apply in one
// transaction and a publisher to turn into channel events.
import { appendFillFunds, computeLock, computeRestingLock, FEE_ACCOUNT_ID, fundsEvent } from "./funds";
import { isWithinBand, type Market } from "./market";
import { OrderBook } from "./order-book";
import { BookOrder, snapshotOf, type PriceLevel } from "./price-level";
import type { CancelReason, CommandResult, Depth, EngineEvent, OrderEvent, OrderSnapshot, PlaceOrder, PlaceResult, Side } from "./types";
import { describePrice, orderError, validateOrder } from "./validate-order";
import { formatScaled } from "./decimal";

/** Where an engine starts: the market sequence and last trade price the DB holds. */
export interface EngineOptions {
  /** Sequence of the last command applied (the next accepted command gets sequence + 1). */
  sequence?: number;
  /** Last trade price in price units: the reference of the price band. */
  lastPrice?: bigint | null;
  /** Member id of the fee account (default "fee"). */
  feeAccountId?: string;
}

/** A resting order to rebuild a book from (see rebuild-book.ts for the DB's string form). */
export interface RestingOrderInit {
  id: string;
  memberId: string;
  side: Side;
  price: bigint;
  volume: bigint;
  originVolume: bigint;
  filledFunds: bigint;
  seq: number;
  at: number;
  updatedAt: number;
}

/** Price-time priority matching over one market's book, with funds locks and events. */
export class MatchingEngine {
  private readonly book = new OrderBook();
  private readonly touched: PriceLevel[] = [];
  private sequenceValue: number;
  private lastPriceValue: bigint | null;
  private readonly feeAccountId: string;

  constructor(
    readonly market: Market,
    options: EngineOptions = {},
  ) {
    this.sequenceValue = options.sequence ?? 0;
    this.lastPriceValue = options.lastPrice ?? null;
    this.feeAccountId = options.feeAccountId ?? FEE_ACCOUNT_ID;
  }

  /** Sequence of the last accepted command (compare with the DB's to know the book is current). */
  get sequence(): number {
    return this.sequenceValue;
  }

  /** Last trade price (the band's reference), or null before the first trade. */
  get lastPrice(): bigint | null {
    return this.lastPriceValue;
  }

  /** Number of resting orders. */
  get orderCount(): number {
    return this.book.size;
  }

  /**
   * Places an order for a member whose balance in the lock currency is `available`: validates it,
   * locks its funds, matches it by price-time priority at the makers' prices, then rests a limit
   * remainder or cancels a market remainder and unlocks what is left.
   */
  place(order: PlaceOrder, available: bigint): PlaceResult {
    const market = this.market;
    const invalid = validateOrder(market, order, this.lastPriceValue);
    if (invalid !== null) return { ok: false, error: invalid };
    if (this.book.get(order.id) !== undefined) return { ok: false, error: orderError("duplicate_order", "order", `Order ${order.id} is already open`) };
    const lock = computeLock(market, order);
    if (lock.amount > available) {
      const scale = lock.currency === market.base ? market.baseScale : market.quoteScale;
      const name = lock.currency.toUpperCase();
      return {
        ok: false,
        error: orderError("insufficient_funds", "volume", `Not enough ${name}: this order needs ${formatScaled(lock.amount, scale)} ${name} and ${formatScaled(available, scale)} ${name} is available`),
      };
    }
    const seq = ++this.sequenceValue;
    const taker = new BookOrder(order.id, order.memberId, order.side, order.kind, order.price, order.volume, order.volume, lock.amount, 0n, seq, order.at, order.at);
    const takerEvent: OrderEvent = { type: "order", created: true, order: snapshotOf(taker) };
    const events: EngineEvent[] = [takerEvent, fundsEvent(order.memberId, lock.currency, -lock.amount, lock.amount, "lock", order.id)];
    this.match(taker, events, seq);
    if (taker.volume === 0n) {
      taker.state = "done";
    } else if (taker.kind === "market") {
      taker.state = "cancel";
      taker.cancelReason = "market-remainder";
    } else {
      this.touch(this.book.add(taker), seq);
    }
    if (taker.state !== "wait") this.releaseLock(taker, events);
    takerEvent.order = snapshotOf(taker);
    this.flushLevels(events);
    return { ok: true, sequence: seq, events, order: takerEvent.order };
  }

  /** Cancels one open order of `memberId`; another member's order is answered as missing. */
  cancel(orderId: string, memberId: string, at: number): CommandResult {
    const order = this.book.get(orderId);
    if (order === undefined || order.memberId !== memberId) {
      return { ok: false, error: orderError("order_not_found", "order", "No open order with that id") };
    }
    const seq = ++this.sequenceValue;
    const events: EngineEvent[] = [];
    this.cancelResting(order, "user", at, events, seq);
    this.flushLevels(events);
    return { ok: true, sequence: seq, events };
  }

  /** Cancels every open order of `memberId` in this market, oldest first (no change: no events). */
  cancelAll(memberId: string, at: number): CommandResult {
    const orders = this.book.ordersOf(memberId);
    if (orders.length === 0) return { ok: true, sequence: this.sequenceValue, events: [] };
    const seq = ++this.sequenceValue;
    const events: EngineEvent[] = [];
    for (const order of orders) this.cancelResting(order, "user", at, events, seq);
    this.flushLevels(events);
    return { ok: true, sequence: seq, events };
  }

  /** One open order's snapshot, or undefined. */
  openOrder(orderId: string): OrderSnapshot | undefined {
    const order = this.book.get(orderId);
    return order === undefined ? undefined : snapshotOf(order);
  }

  /** Every open order: asks then bids, best level first, oldest first within a level. */
  openOrders(): OrderSnapshot[] {
    return this.book.allOrders().map(snapshotOf);
  }

  /** A member's open orders, oldest first. */
  openOrdersOf(memberId: string): OrderSnapshot[] {
    return this.book.ordersOf(memberId).map(snapshotOf);
  }

  /** Aggregated levels, best first, at most `limit` per side. */
  depth(limit = 50): Depth {
    const levels = (side: Side) => this.book.sideOf(side).topLevels(limit).map((level): [bigint, bigint] => [level.price, level.volume]);
    return { asks: levels("sell"), bids: levels("buy") };
  }

  /** Best ask and best bid prices (null when that side is empty). */
  bestPrices(): { ask: bigint | null; bid: bigint | null } {
    return { ask: this.book.asks.best?.price ?? null, bid: this.book.bids.best?.price ?? null };
  }

  /**
   * Rests orders as they were (after a restart: the DB's open orders), in time priority (`seq`),
   * without matching. Throws on a duplicate id, a bad value or a book that would be crossed.
   */
  restore(orders: readonly RestingOrderInit[]): void {
    const sorted = [...orders].sort((a, b) => a.seq - b.seq);
    for (const init of sorted) {
      if (this.book.get(init.id) !== undefined) throw new Error(`restore: order ${init.id} appears twice`);
      if (init.price <= 0n || init.volume <= 0n || init.originVolume < init.volume) throw new Error(`restore: order ${init.id} has impossible amounts`);
      if (init.seq > this.sequenceValue) throw new Error(`restore: order ${init.id} has seq ${init.seq} after the sequence ${this.sequenceValue}`);
      const locked = computeRestingLock(this.market, init.side, init.price, init.volume);
      const order = new BookOrder(init.id, init.memberId, init.side, "limit", init.price, init.volume, init.originVolume, locked, init.filledFunds, init.seq, init.at, init.updatedAt);
      this.book.add(order);
    }
    const { ask, bid } = this.bestPrices();
    if (ask !== null && bid !== null && ask <= bid) {
      throw new Error(`restore: the book would be crossed (best ask ${describePrice(this.market, ask)} <= best bid ${describePrice(this.market, bid)})`);
    }
  }

  private match(taker: BookOrder, events: EngineEvent[], seq: number): void {
    const opposite = this.book.oppositeOf(taker.side);
    const reference = this.lastPriceValue;
    const isBuy = taker.side === "buy";
    const limit = taker.price;
    while (taker.volume > 0n) {
      const level = opposite.best;
      if (level === null) return;
      const price = level.price;
      if (limit !== null) {
        if (isBuy ? price > limit : price < limit) return;
      } else if (!isWithinBand(this.market, price, reference)) {
        return;
      }
      let maker = level.head;
      while (maker !== null && taker.volume > 0n) {
        const next = maker.next;
        // A market buy whose bound cannot pay for one more lot here is finished: it meets nothing
        // more (not even its own member's order, which must then stay in the book).
        const affordable = isBuy && limit === null ? this.affordableVolume(taker.locked, price) : taker.volume;
        if (affordable === 0n) return;
        if (maker.memberId === taker.memberId) {
          this.cancelResting(maker, "self-trade", taker.at, events, seq);
        } else {
          let volume = taker.volume < maker.volume ? taker.volume : maker.volume;
          if (affordable < volume) volume = affordable;
          this.fill(taker, maker, level, price, volume, events, seq);
        }
        maker = next;
      }
    }
  }

  /** Whole lots a market buy's remaining bound can pay for at `price`. */
  private affordableVolume(bound: bigint, price: bigint): bigint {
    const volume = bound / this.market.quoteFactor / price;
    return volume - (volume % this.market.lot);
  }

  private fill(taker: BookOrder, maker: BookOrder, level: PriceLevel, price: bigint, volume: bigint, events: EngineEvent[], seq: number): void {
    const funds = price * volume;
    const at = taker.at;
    events.push({
      type: "trade",
      price,
      volume,
      funds,
      makerOrderId: maker.id,
      makerMemberId: maker.memberId,
      takerOrderId: taker.id,
      takerMemberId: taker.memberId,
      takerSide: taker.side,
      at,
    });
    const takerBuys = taker.side === "buy";
    const buyer = takerBuys ? taker : maker;
    const seller = takerBuys ? maker : taker;
    const use = appendFillFunds(
      events,
      this.market,
      price,
      volume,
      { orderId: buyer.id, memberId: buyer.memberId, limitPrice: buyer.kind === "limit" ? buyer.price : null, isMaker: !takerBuys },
      { orderId: seller.id, memberId: seller.memberId, limitPrice: null, isMaker: takerBuys },
      this.feeAccountId,
    );
    buyer.locked -= use.buyerLockUsed;
    seller.locked -= use.sellerLockUsed;
    taker.volume -= volume;
    taker.filledFunds += funds;
    taker.updatedAt = at;
    maker.volume -= volume;
    level.volume -= volume;
    maker.filledFunds += funds;
    maker.updatedAt = at;
    this.touch(level, seq);
    if (maker.volume === 0n) {
      maker.state = "done";
      this.book.remove(maker);
    }
    events.push({ type: "order", created: false, order: snapshotOf(maker) });
    this.lastPriceValue = price;
  }

  private cancelResting(order: BookOrder, reason: CancelReason, at: number, events: EngineEvent[], seq: number): void {
    if (order.level !== null) this.touch(order.level, seq);
    this.book.remove(order);
    order.state = "cancel";
    order.cancelReason = reason;
    order.updatedAt = at;
    this.releaseLock(order, events);
    events.push({ type: "order", created: false, order: snapshotOf(order) });
  }

  /** Unlocks whatever an order that is done or cancelled still holds. */
  private releaseLock(order: BookOrder, events: EngineEvent[]): void {
    if (order.locked === 0n) return;
    const currency = order.side === "buy" ? this.market.quote : this.market.base;
    events.push(fundsEvent(order.memberId, currency, order.locked, -order.locked, "unlock", order.id));
    order.locked = 0n;
  }

  private touch(level: PriceLevel, seq: number): void {
    if (level.touchedAt === seq) return;
    level.touchedAt = seq;
    this.touched.push(level);
  }

  private flushLevels(events: EngineEvent[]): void {
    for (const level of this.touched) events.push({ type: "level", side: level.side, price: level.price, volume: level.volume });
    this.touched.length = 0;
  }
}
