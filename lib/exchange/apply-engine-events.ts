// Writes an accepted engine command to the DB, inside the command's transaction: order rows (the new
// order inserted in its final state, resting orders updated only while still open), one Trade row per
// fill and its candles, every account's net change (guarded, never negative), a stored notification per
// fill for each of its two members, and the market sequence (only from the sequence the engine started at).
import { formatScaled, sumFundsByAccount, type EngineEvent, type OrderSnapshot, type TradeEvent } from "@/lib/exchange/engine";
import type { ExchangeDb, ExchangeMarket } from "@/lib/exchange/exchange-market";
import { snapshotAmounts, type OrderAmounts } from "@/lib/exchange/order-view";
import { applyAccountDeltas, type AccountAfter } from "@/lib/exchange/update-accounts";
import { rescaleToCandleUnits } from "@/lib/market/candle-units";
import { recordMarketTrades } from "@/lib/market/record-market-trades";
import { describeTrade } from "@/lib/notifications/create-trade-notification";
import { notificationSelect, toNotificationDto } from "@/lib/notifications/to-dto";
import { canonicalDecimal } from "@/lib/schemas/decimal";
import { TRADE_NOTIFICATION_KIND, type NotificationDto, type PrivateTrade } from "@/lib/schemas/notifications";

/** A fill as stored: the Trade row's id and time, and the engine's event. */
export interface StoredFill {
  tradeId: number;
  createdAt: Date;
  event: TradeEvent;
  /** Each member's stored notification of this fill. */
  notifications: { maker: NotificationDto; taker: NotificationDto };
  /** The fill as each member's notification and private event describe it (their own side). */
  makerTrade: PrivateTrade;
  takerTrade: PrivateTrade;
}

/** Everything one command wrote. */
export interface AppliedCommand {
  sequence: number;
  /** Every order the command touched, as it now stands (with the fields the engine does not keep). */
  orders: Array<{ snapshot: OrderSnapshot; amounts: OrderAmounts; userId: string }>;
  fills: StoredFill[];
  accounts: AccountAfter[];
}

/** The command was accepted by the engine but the DB no longer matches it: roll back and rebuild. */
export class BookOutOfStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BookOutOfStepError";
  }
}

/** What the `lock` funds event of `orderId` locked (0 when it locked nothing in this command). */
function lockedBy(events: readonly EngineEvent[], orderId: string): bigint {
  for (const event of events) if (event.type === "funds" && event.reason === "lock" && event.orderId === orderId) return -event.balance;
  return 0n;
}

/** The fill from one member's side, as the tape and notifications show it. */
function memberTrade(market: ExchangeMarket, fill: TradeEvent, tradeId: number, createdAt: Date, isTaker: boolean): PrivateTrade {
  const side = isTaker ? fill.takerSide : fill.takerSide === "buy" ? "sell" : "buy";
  return {
    id: tradeId,
    marketId: market.id,
    side,
    price: canonicalDecimal(formatScaled(fill.price, market.rules.priceScale)),
    amount: canonicalDecimal(formatScaled(fill.volume, market.rules.amountScale)),
    createdAt: createdAt.toISOString(),
  };
}

/** Stores both members' notices of every fill in one statement (the stored notifications of today's trades). */
async function storeFillNotifications(tx: Pick<ExchangeDb, "notification">, market: ExchangeMarket, made: ReadonlyArray<Omit<StoredFill, "notifications">>): Promise<StoredFill[]> {
  if (made.length === 0) return [];
  const names = { name: market.name, baseUnit: market.baseUnit, quoteUnit: market.quoteUnit };
  const data = made.flatMap((fill) => [
    { userId: fill.event.makerMemberId, kind: TRADE_NOTIFICATION_KIND, tradeId: fill.tradeId, ...describeTrade(fill.makerTrade, names) },
    { userId: fill.event.takerMemberId, kind: TRADE_NOTIFICATION_KIND, tradeId: fill.tradeId, ...describeTrade(fill.takerTrade, names) },
  ]);
  const rows = await tx.notification.createManyAndReturn({ data, select: { ...notificationSelect, userId: true } });
  const find = (userId: string, tradeId: number): NotificationDto => {
    const row = rows.find((candidate) => candidate.userId === userId && candidate.tradeId === tradeId);
    if (row === undefined) throw new Error(`notification of trade ${tradeId} for ${userId} not stored`);
    return toNotificationDto({ id: row.id, kind: row.kind, title: row.title, body: row.body, tradeId: row.tradeId, readAt: row.readAt, createdAt: row.createdAt });
  };
  return made.map((fill) => ({ ...fill, notifications: { maker: find(fill.event.makerMemberId, fill.tradeId), taker: find(fill.event.takerMemberId, fill.tradeId) } }));
}

/**
 * Applies `events` (accepted with `sequence`; the engine was at `previousSequence`) for `market`.
 * `clientOrderId` is stored on the order the command created. Throws (rolling back) when the DB does
 * not match what the engine assumed.
 */
export async function applyEngineEvents(
  tx: ExchangeDb,
  market: ExchangeMarket,
  events: readonly EngineEvent[],
  sequence: number,
  previousSequence: number,
  clientOrderId: string | null = null,
): Promise<AppliedCommand> {
  const orders: AppliedCommand["orders"] = [];
  const made: Array<Omit<StoredFill, "notifications">> = [];
  for (const event of events) {
    if (event.type === "order") {
      const order = event.order;
      if (event.created) {
        const amounts = snapshotAmounts(market.id, order, clientOrderId);
        await tx.order.create({
          data: {
            id: order.id,
            marketId: market.id,
            userId: order.memberId,
            side: order.side,
            kind: order.kind,
            price: order.price,
            volume: order.volume,
            originVolume: order.originVolume,
            locked: order.locked,
            originLocked: lockedBy(events, order.id),
            filledFunds: order.filledFunds,
            state: order.state,
            cancelReason: order.cancelReason,
            seq: order.seq,
            clientOrderId,
            createdAt: amounts.createdAt,
            updatedAt: amounts.updatedAt,
          },
          select: { id: true },
        });
        orders.push({ snapshot: order, amounts, userId: order.memberId });
      } else {
        const stored = await tx.order
          .update({
            where: { id: order.id, marketId: market.id, state: "wait" },
            data: { volume: order.volume, locked: order.locked, filledFunds: order.filledFunds, state: order.state, cancelReason: order.cancelReason, updatedAt: new Date(order.updatedAt) },
            select: { clientOrderId: true },
          })
          .catch((error: unknown) => {
            throw new BookOutOfStepError(`order ${order.id} is not open in ${market.id} any more (${error instanceof Error ? error.message : String(error)})`);
          });
        orders.push({ snapshot: order, amounts: snapshotAmounts(market.id, order, stored.clientOrderId), userId: order.memberId });
      }
    } else if (event.type === "trade") {
      const createdAt = new Date(event.at);
      const row = await tx.trade.create({
        data: {
          marketId: market.id,
          side: event.takerSide,
          price: formatScaled(event.price, market.rules.priceScale),
          amount: formatScaled(event.volume, market.rules.amountScale),
          userId: event.takerMemberId,
          makerUserId: event.makerMemberId,
          makerOrderId: event.makerOrderId,
          takerOrderId: event.takerOrderId,
          createdAt,
        },
        select: { id: true },
      });
      made.push({ tradeId: row.id, createdAt, event, makerTrade: memberTrade(market, event, row.id, createdAt, false), takerTrade: memberTrade(market, event, row.id, createdAt, true) });
    }
  }
  // The fills' candles (every interval), in this transaction: candles and the 24h ticker read only these.
  await recordMarketTrades(
    tx,
    market.id,
    made.map((fill) => ({ id: fill.tradeId, price: rescaleToCandleUnits(fill.event.price, market.rules.priceScale), amount: rescaleToCandleUnits(fill.event.volume, market.rules.amountScale), at: fill.createdAt.getTime() })),
  );
  const fills = await storeFillNotifications(tx, market, made);
  const at = new Date(events.reduce((latest, event) => (event.type === "order" ? Math.max(latest, event.order.updatedAt) : latest), 0) || Date.now());
  const deltas = sumFundsByAccount(events).filter((delta) => delta.balance !== 0n || delta.locked !== 0n);
  const accounts = await applyAccountDeltas(tx, deltas, at);
  const stepped = await tx.market.updateMany({ where: { id: market.id, sequence: previousSequence }, data: { sequence } });
  if (stepped.count !== 1) throw new BookOutOfStepError(`market ${market.id} is no longer at sequence ${previousSequence}`);
  return { sequence, orders, fills, accounts };
}
