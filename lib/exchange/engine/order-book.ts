// The order book of one market: asks and bids, an index of resting orders by id (for O(1)
// cancel) and by member (for cancel-all). It only stores; matching-engine.ts decides.
import { BookSide } from "./book-side";
import type { BookOrder, PriceLevel } from "./price-level";
import type { Side } from "./types";

/** Resting orders of one market, both sides. */
export class OrderBook {
  readonly asks = new BookSide("sell");
  readonly bids = new BookSide("buy");
  private readonly byId = new Map<string, BookOrder>();
  private readonly byMember = new Map<string, Set<BookOrder>>();

  /** The side an order of `side` rests on. */
  sideOf(side: Side): BookSide {
    return side === "sell" ? this.asks : this.bids;
  }

  /** The side an order of `side` matches against. */
  oppositeOf(side: Side): BookSide {
    return side === "sell" ? this.bids : this.asks;
  }

  /** A resting order by id. */
  get(id: string): BookOrder | undefined {
    return this.byId.get(id);
  }

  /** Number of resting orders. */
  get size(): number {
    return this.byId.size;
  }

  /** Rests an order (it must have a price) at the back of its level. */
  add(order: BookOrder): PriceLevel {
    if (order.price === null) throw new Error(`order ${order.id} has no price and cannot rest`);
    const level = this.sideOf(order.side).append(order, order.price);
    this.byId.set(order.id, order);
    let mine = this.byMember.get(order.memberId);
    if (mine === undefined) {
      mine = new Set();
      this.byMember.set(order.memberId, mine);
    }
    mine.add(order);
    return level;
  }

  /** Takes a resting order out of the book (its level loses its remaining volume). */
  remove(order: BookOrder): void {
    this.sideOf(order.side).remove(order);
    this.byId.delete(order.id);
    const mine = this.byMember.get(order.memberId);
    if (mine !== undefined) {
      mine.delete(order);
      if (mine.size === 0) this.byMember.delete(order.memberId);
    }
  }

  /** A member's resting orders, oldest first (insertion order). */
  ordersOf(memberId: string): BookOrder[] {
    return [...(this.byMember.get(memberId) ?? [])];
  }

  /** Every resting order: asks then bids, each best level first and oldest first within a level. */
  allOrders(): BookOrder[] {
    const out: BookOrder[] = [];
    for (const side of [this.asks, this.bids]) {
      for (const level of side.topLevels(Number.POSITIVE_INFINITY)) {
        for (let order = level.head; order !== null; order = order.next) out.push(order);
      }
    }
    return out;
  }
}
