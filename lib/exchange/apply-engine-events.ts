// Writes an accepted engine command to the DB, inside the command's transaction: order rows (the new
// order inserted in its final state, resting orders updated only while still open), one Trade row per
// fill and its candles, every account's net change (guarded, never negative), a stored notification per
// fill for each of its two members, and the market sequence (only from the sequence the engine started at).
import { formatScaled, sumFundsByAccount, type EngineEvent, type OrderSnapshot, type TradeEvent } from "@/lib/exchange/engine";
import type { ExchangeDb, ExchangeMarket } from "@/lib/exchange/exchange-market";
import { snapshotAmounts, type OrderAmounts } from "@/lib/exchange/order-view";
import { Prisma } from "@/lib/generated/prisma/client";
import { applyAccountDeltas, type AccountAfter } from "@/lib/exchange/update-accounts";
import { rescaleToCandleUnits } from "@/lib/market/candle-units";
import { recordMarketTrades } from "@/lib/market/record-market-trades";
import { describeTrade } from "@/lib/notifications/create-trade-notification";
import { toNotificationDto } from "@/lib/notifications/to-dto";
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

// The writes below are raw statements: each runs once or more per order command, and a raw statement costs
// a fraction of a Prisma model query (no query compilation). Values are bound as Prisma binds them for the
// model (dates as ISO text, bigints as integers, decimals as numbers), so the rows read back the same.

/** Inserts a new order in its final state. */
async function insertOrder(tx: Pick<ExchangeDb, "$executeRaw">, amounts: OrderAmounts, userId: string, originLocked: bigint, seq: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Order" ("id", "marketId", "userId", "side", "kind", "price", "volume", "originVolume", "locked", "originLocked", "filledFunds",
      "state", "cancelReason", "seq", "clientOrderId", "createdAt", "updatedAt")
    VALUES (${amounts.id}, ${amounts.marketId}, ${userId}, ${amounts.side}, ${amounts.kind}, ${amounts.price}, ${amounts.volume}, ${amounts.originVolume},
      ${amounts.locked}, ${originLocked}, ${amounts.filledFunds}, ${amounts.state}, ${amounts.cancelReason}, ${seq}, ${amounts.clientOrderId},
      ${amounts.createdAt}, ${amounts.updatedAt})`;
}

/** Inserts a fill's Trade row; returns its id. */
async function insertTrade(tx: Pick<ExchangeDb, "$queryRaw">, market: ExchangeMarket, fill: TradeEvent, createdAt: Date): Promise<number> {
  // Exact decimals as the driver's decimal parameter (PostgreSQL numeric takes them as they are; SQLite's DECIMAL column stores its double).
  const price = new Prisma.Decimal(formatScaled(fill.price, market.rules.priceScale));
  const amount = new Prisma.Decimal(formatScaled(fill.volume, market.rules.amountScale));
  const [row] = await tx.$queryRaw<Array<{ id: number | bigint }>>`
    INSERT INTO "Trade" ("marketId", "side", "price", "amount", "userId", "makerUserId", "makerOrderId", "takerOrderId", "createdAt")
    VALUES (${market.id}, ${fill.takerSide}, ${price}, ${amount}, ${fill.takerMemberId}, ${fill.makerMemberId}, ${fill.makerOrderId}, ${fill.takerOrderId}, ${createdAt})
    RETURNING "id"`;
  if (row === undefined) throw new Error(`trade of order ${fill.takerOrderId} not stored`);
  return Number(row.id);
}

/** Stores both members' notices of every fill in one statement (the stored notifications of today's trades). */
async function storeFillNotifications(tx: Pick<ExchangeDb, "$queryRaw">, market: ExchangeMarket, made: ReadonlyArray<Omit<StoredFill, "notifications">>): Promise<StoredFill[]> {
  if (made.length === 0) return [];
  const names = { name: market.name, baseUnit: market.baseUnit, quoteUnit: market.quoteUnit };
  const createdAt = new Date();
  const data = made.flatMap((fill) => [
    { userId: fill.event.makerMemberId, tradeId: fill.tradeId, ...describeTrade(fill.makerTrade, names) },
    { userId: fill.event.takerMemberId, tradeId: fill.tradeId, ...describeTrade(fill.takerTrade, names) },
  ]);
  const values = Prisma.join(data.map((row) => Prisma.sql`(${row.userId}, ${TRADE_NOTIFICATION_KIND}, ${row.title}, ${row.body}, ${row.tradeId}, ${createdAt})`));
  const rows = await tx.$queryRaw<Array<{ id: number | bigint; userId: string; tradeId: number | bigint }>>`
    INSERT INTO "Notification" ("userId", "kind", "title", "body", "tradeId", "createdAt") VALUES ${values} RETURNING "id", "userId", "tradeId"`;
  const find = (userId: string, tradeId: number): NotificationDto => {
    const row = rows.find((candidate) => candidate.userId === userId && Number(candidate.tradeId) === tradeId);
    const stored = data.find((candidate) => candidate.userId === userId && candidate.tradeId === tradeId);
    if (row === undefined || stored === undefined) throw new Error(`notification of trade ${tradeId} for ${userId} not stored`);
    return toNotificationDto({ id: Number(row.id), kind: TRADE_NOTIFICATION_KIND, title: stored.title, body: stored.body, tradeId, readAt: null, createdAt });
  };
  return made.map((fill) => ({ ...fill, notifications: { maker: find(fill.event.makerMemberId, fill.tradeId), taker: find(fill.event.takerMemberId, fill.tradeId) } }));
}

/**
 * Applies `events` (accepted with `sequence`; the engine was at `previousSequence`) for `market`, a
 * command run at `now` (ms: the time the engine stamped its orders with, and the accounts' update time).
 * `clientOrderId` is stored on the order the command created. Throws (rolling back) when the DB does
 * not match what the engine assumed.
 */
export async function applyEngineEvents(
  tx: ExchangeDb,
  market: ExchangeMarket,
  events: readonly EngineEvent[],
  sequence: number,
  previousSequence: number,
  now: number,
  clientOrderId: string | null = null,
): Promise<AppliedCommand> {
  const orders: AppliedCommand["orders"] = [];
  const made: Array<Omit<StoredFill, "notifications">> = [];
  for (const event of events) {
    if (event.type === "order") {
      const order = event.order;
      if (event.created) {
        const amounts = snapshotAmounts(market.id, order, clientOrderId);
        await insertOrder(tx, amounts, order.memberId, lockedBy(events, order.id), order.seq);
        orders.push({ snapshot: order, amounts, userId: order.memberId });
      } else {
        // Only while still open: a row another writer already closed means this engine is out of step.
        const [stored] = await tx.$queryRaw<Array<{ clientOrderId: string | null }>>`
          UPDATE "Order" SET "volume" = ${order.volume}, "locked" = ${order.locked}, "filledFunds" = ${order.filledFunds}, "state" = ${order.state},
            "cancelReason" = ${order.cancelReason}, "updatedAt" = ${new Date(order.updatedAt)}
          WHERE "id" = ${order.id} AND "marketId" = ${market.id} AND "state" = 'wait'
          RETURNING "clientOrderId"`;
        if (stored === undefined) throw new BookOutOfStepError(`order ${order.id} is not open in ${market.id} any more`);
        orders.push({ snapshot: order, amounts: snapshotAmounts(market.id, order, stored.clientOrderId), userId: order.memberId });
      }
    } else if (event.type === "trade") {
      const createdAt = new Date(event.at);
      const tradeId = await insertTrade(tx, market, event, createdAt);
      made.push({ tradeId, createdAt, event, makerTrade: memberTrade(market, event, tradeId, createdAt, false), takerTrade: memberTrade(market, event, tradeId, createdAt, true) });
    }
  }
  // The fills' candles (every interval), in this transaction: candles and the 24h ticker read only these.
  await recordMarketTrades(
    tx,
    market.id,
    made.map((fill) => ({ id: fill.tradeId, price: rescaleToCandleUnits(fill.event.price, market.rules.priceScale), amount: rescaleToCandleUnits(fill.event.volume, market.rules.amountScale), at: fill.createdAt.getTime() })),
  );
  const fills = await storeFillNotifications(tx, market, made);
  const deltas = sumFundsByAccount(events).filter((delta) => delta.balance !== 0n || delta.locked !== 0n);
  const accounts = await applyAccountDeltas(tx, deltas, new Date(now));
  const stepped = await tx.$executeRaw`UPDATE "Market" SET "sequence" = ${sequence} WHERE "id" = ${market.id} AND "sequence" = ${previousSequence}`;
  if (stepped !== 1) throw new BookOutOfStepError(`market ${market.id} is no longer at sequence ${previousSequence}`);
  return { sequence, orders, fills, accounts };
}
