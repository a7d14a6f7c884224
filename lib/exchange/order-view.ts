// Orders as the member sees them (OrderView): from a stored row or an engine snapshot, decimal strings
// at the market's precision (prices at the tick's decimals, amounts at the lot's).
import { formatScaled, type Market, type OrderSnapshot } from "@/lib/exchange/engine";
import type { OrderView } from "@/lib/schemas/order";

/** The fields an OrderView is made of, amounts as scaled integers (an Order row's columns). */
export interface OrderAmounts {
  id: string;
  marketId: string;
  side: string;
  kind: string;
  price: bigint | null;
  volume: bigint;
  originVolume: bigint;
  filledFunds: bigint;
  locked: bigint;
  state: string;
  cancelReason: string | null;
  clientOrderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The Order columns toOrderView reads. */
export const orderViewSelect = {
  id: true,
  marketId: true,
  side: true,
  kind: true,
  price: true,
  volume: true,
  originVolume: true,
  filledFunds: true,
  locked: true,
  state: true,
  cancelReason: true,
  clientOrderId: true,
  createdAt: true,
  updatedAt: true,
} as const;

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new RangeError(`unexpected order ${what} "${value}"`);
  return found;
}

/** An order's view in `rules`' market (the market it belongs to). */
export function toOrderView(rules: Market, order: OrderAmounts): OrderView {
  const side = oneOf(order.side, ["buy", "sell"] as const, "side");
  const lockCurrency = side === "buy" ? rules.quote : rules.base;
  const filled = order.originVolume - order.volume;
  return {
    id: order.id,
    marketId: order.marketId,
    side,
    kind: oneOf(order.kind, ["limit", "market"] as const, "kind"),
    price: order.price === null ? null : formatScaled(order.price, rules.priceScale),
    volume: formatScaled(order.volume, rules.amountScale),
    originVolume: formatScaled(order.originVolume, rules.amountScale),
    filledVolume: formatScaled(filled, rules.amountScale),
    filledFunds: formatScaled(order.filledFunds, rules.fundsScale),
    averagePrice: filled > 0n ? formatScaled(order.filledFunds / filled, rules.priceScale) : null,
    locked: formatScaled(order.locked, side === "buy" ? rules.quoteScale : rules.baseScale),
    lockCurrency,
    state: oneOf(order.state, ["wait", "done", "cancel"] as const, "state"),
    cancelReason: order.cancelReason === null ? null : oneOf(order.cancelReason, ["user", "self-trade", "market-remainder"] as const, "cancel reason"),
    clientOrderId: order.clientOrderId,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** The amounts of an engine snapshot, with the fields the engine does not know. */
export function snapshotAmounts(marketId: string, snapshot: OrderSnapshot, clientOrderId: string | null): OrderAmounts {
  return {
    id: snapshot.id,
    marketId,
    side: snapshot.side,
    kind: snapshot.kind,
    price: snapshot.price,
    volume: snapshot.volume,
    originVolume: snapshot.originVolume,
    filledFunds: snapshot.filledFunds,
    locked: snapshot.locked,
    state: snapshot.state,
    cancelReason: snapshot.cancelReason,
    clientOrderId,
    createdAt: new Date(snapshot.at),
    updatedAt: new Date(snapshot.updatedAt),
  };
}
