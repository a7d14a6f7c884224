// One price level: a FIFO of resting orders as an intrusive doubly linked list, so appending,
// taking the head and cancelling any order are all O(1), and the level keeps its total volume.
import type { CancelReason, OrderKind, OrderSnapshot, OrderState, Side } from "./types";

/** An order inside the engine (mutable): the taker while it matches, then a resting order. */
export class BookOrder {
  /** Neighbours in the level's FIFO (older = prev). */
  prev: BookOrder | null = null;
  next: BookOrder | null = null;
  /** The level it rests in, or null while not resting. */
  level: PriceLevel | null = null;
  state: OrderState = "wait";
  cancelReason: CancelReason | null = null;

  constructor(
    readonly id: string,
    readonly memberId: string,
    readonly side: Side,
    readonly kind: OrderKind,
    readonly price: bigint | null,
    /** Remaining volume. */
    public volume: bigint,
    readonly originVolume: bigint,
    /** What it still holds locked, in its lock currency's units. */
    public locked: bigint,
    public filledFunds: bigint,
    readonly seq: number,
    readonly at: number,
    public updatedAt: number,
  ) {}
}

/** An order's state as an immutable snapshot (what events and reads hand out). */
export function snapshotOf(order: BookOrder): OrderSnapshot {
  return {
    id: order.id,
    memberId: order.memberId,
    side: order.side,
    kind: order.kind,
    price: order.price,
    volume: order.volume,
    originVolume: order.originVolume,
    filledFunds: order.filledFunds,
    locked: order.locked,
    state: order.state,
    cancelReason: order.cancelReason,
    seq: order.seq,
    at: order.at,
    updatedAt: order.updatedAt,
  };
}

/** A price level: orders at one price, oldest first, and their summed remaining volume. */
export class PriceLevel {
  head: BookOrder | null = null;
  tail: BookOrder | null = null;
  /** Summed remaining volume of its orders. */
  volume = 0n;
  count = 0;
  /** Sequence number of the last command that changed it (to report each level once per command). */
  touchedAt = -1;

  constructor(
    readonly side: Side,
    readonly price: bigint,
  ) {}

  /** Appends an order at the back of the queue (newest). */
  append(order: BookOrder): void {
    order.level = this;
    order.prev = this.tail;
    order.next = null;
    if (this.tail) this.tail.next = order;
    else this.head = order;
    this.tail = order;
    this.volume += order.volume;
    this.count += 1;
  }

  /** Unlinks an order from anywhere in the queue (its remaining volume leaves the level total). */
  remove(order: BookOrder): void {
    if (order.prev) order.prev.next = order.next;
    else this.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else this.tail = order.prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    this.volume -= order.volume;
    this.count -= 1;
  }
}
