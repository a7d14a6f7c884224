// One side of the book: price levels in an ordered map (a red-black tree, O(log n) insert and
// erase) keyed so the best price comes first, a hash index price -> level, and the best level cached.
import { OrderedMap } from "@js-sdsl/ordered-map";
import { BookOrder, PriceLevel } from "./price-level";
import type { Side } from "./types";

const ascending = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const descending = (a: bigint, b: bigint): number => (a < b ? 1 : a > b ? -1 : 0);

/** The asks (lowest price first) or the bids (highest price first). */
export class BookSide {
  private readonly tree: OrderedMap<bigint, PriceLevel>;
  private readonly byPrice = new Map<bigint, PriceLevel>();
  /** The best level, or null when the side is empty. */
  best: PriceLevel | null = null;
  /** Number of resting orders on this side. */
  orderCount = 0;

  constructor(readonly side: Side) {
    this.tree = new OrderedMap<bigint, PriceLevel>([], side === "sell" ? ascending : descending);
  }

  /** Number of price levels. */
  get levelCount(): number {
    return this.byPrice.size;
  }

  /** True when `price` is better than `other` on this side (lower ask, higher bid). */
  isBetter(price: bigint, other: bigint): boolean {
    return this.side === "sell" ? price < other : price > other;
  }

  /** Appends a resting order to its price level (created when new); returns the level. */
  append(order: BookOrder, price: bigint): PriceLevel {
    let level = this.byPrice.get(price);
    if (level === undefined) {
      level = new PriceLevel(this.side, price);
      this.byPrice.set(price, level);
      this.tree.setElement(price, level);
      if (this.best === null || this.isBetter(price, this.best.price)) this.best = level;
    }
    level.append(order);
    this.orderCount += 1;
    return level;
  }

  /** Takes a resting order out of its level; an emptied level leaves the tree. */
  remove(order: BookOrder): void {
    const level = order.level;
    if (level === null) return;
    level.remove(order);
    this.orderCount -= 1;
    if (level.count === 0) {
      this.byPrice.delete(level.price);
      this.tree.eraseElementByKey(level.price);
      if (this.best === level) this.best = this.tree.front()?.[1] ?? null;
    }
  }

  /** Levels best first, at most `limit` of them. */
  topLevels(limit: number): PriceLevel[] {
    const out: PriceLevel[] = [];
    if (limit <= 0) return out;
    for (const [, level] of this.tree) {
      out.push(level);
      if (out.length >= limit) break;
    }
    return out;
  }
}
