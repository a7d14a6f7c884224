// Places an order: one transaction, serialized per market (runMarketCommand). The submission's client
// key is the client order id: a key that placed an order before answers with that order (a repeat,
// nothing new); a key answered "not placed" never places. Otherwise the engine validates, locks, matches
// and the result is written (orders, fills, funds, notifications, sequence) or, when refused, nothing is.
// Publishing is the caller's (publishExchangeUpdate with the returned update, after the commit).
import { randomUUID } from "node:crypto";
import { lockClientKey } from "@/lib/exchange/command-locks";
import { lockCurrencyOf, parseOrderInput } from "@/lib/exchange/engine";
import { applyEngineEvents } from "@/lib/exchange/apply-engine-events";
import { engineRefusal, marketRefusal, refuse, type ExchangeRefusal } from "@/lib/exchange/exchange-refusal";
import { buildExchangeUpdate, type ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { readExchangeMarket, type ExchangeDb, type ExchangeMarket } from "@/lib/exchange/exchange-market";
import { orderViewSelect, snapshotAmounts, toOrderView } from "@/lib/exchange/order-view";
import { runMarketCommand, type CommandDb } from "@/lib/exchange/run-market-command";
import { readAvailable } from "@/lib/exchange/update-accounts";
import { canonicalDecimal } from "@/lib/schemas/decimal";
import type { TradeDto } from "@/lib/schemas/market";
import { NOT_PLACED_MESSAGE, type OrderView } from "@/lib/schemas/order";

/** An order to place, decimals as strings (the form's fields, or the market maker's). */
export interface PlaceOrderRequest {
  marketId: string;
  userId: string;
  side: string;
  kind: string;
  /** Limit orders only. */
  price?: string | null;
  volume: string;
  /** Market buys only: the most quote currency to spend (what is locked while it matches). */
  quoteBound?: string | null;
  /** The submission's client key (one order per key per member); null for none. */
  clientOrderId?: string | null;
}

/** The market an order is on: its name and units, to describe the order. */
export interface OrderMarket {
  id: string;
  name: string;
  baseUnit: string;
  quoteUnit: string;
}

/** A placed order (or the one its key placed before), its market, its fills as the taker, and what to publish. */
export type PlacedOrder =
  | { ok: true; repeat: false; order: OrderView; market: OrderMarket; fills: TradeDto[]; update: ExchangeUpdate }
  | { ok: true; repeat: true; order: OrderView; market: OrderMarket; fills: TradeDto[]; update: null };

/** The outcome of placeOrder. */
export type PlaceOrderResult = PlacedOrder | ExchangeRefusal;

/** Options for tests: the id of the new order. */
export interface PlaceOrderOptions {
  newOrderId?: () => string;
}

const fillSelect = { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true } as const;

/** A fill row as the member's tape entry. */
function fillDto(row: { id: number; marketId: string; side: string; price: { toString(): string }; amount: { toString(): string }; createdAt: Date }, userId: string): TradeDto {
  return {
    id: row.id,
    marketId: row.marketId,
    side: row.side === "sell" ? "sell" : "buy",
    price: canonicalDecimal(row.price.toString()),
    amount: canonicalDecimal(row.amount.toString()),
    createdAt: row.createdAt.toISOString(),
    userId,
    mine: true,
  };
}

/** The order `userId`'s key placed, with its market and its fills as the taker; null when the key placed nothing. */
export async function readOrderByClientKey(tx: ExchangeDb, userId: string, clientOrderId: string): Promise<{ order: OrderView; market: OrderMarket; fills: TradeDto[] } | null> {
  const row = await tx.order.findUnique({ where: { userId_clientOrderId: { userId, clientOrderId } }, select: orderViewSelect });
  if (row === null) return null;
  const market = await readExchangeMarket(tx, row.marketId);
  if (typeof market === "string") throw new Error(`order ${row.id} is on ${row.marketId}, which cannot be read (${market})`);
  const fills = await tx.trade.findMany({ where: { takerOrderId: row.id }, orderBy: { id: "asc" }, select: fillSelect });
  return { order: toOrderView(market.rules, row), market: marketOf(market), fills: fills.map((fill) => fillDto(fill, userId)) };
}

function marketOf(market: ExchangeMarket): OrderMarket {
  return { id: market.id, name: market.name, baseUnit: market.baseUnit, quoteUnit: market.quoteUnit };
}

/** Places `request` on its market for its member. Refusals are values; DB failures throw (nothing written). */
export async function placeOrder(client: CommandDb, request: PlaceOrderRequest, options: PlaceOrderOptions = {}): Promise<PlaceOrderResult> {
  const { userId, marketId } = request;
  const clientOrderId = request.clientOrderId ?? null;
  const result = await runMarketCommand(client, marketId, async ({ tx, market, engine, now }): Promise<PlaceOrderResult> => {
    const rules = market.rules;
    // What the order would lock from (a side the engine refuses reads nothing: it is refused before funds matter).
    const lockCurrency = request.side === "buy" || request.side === "sell" ? lockCurrencyOf(rules, request.side) : null;
    // PostgreSQL: settling this key ("not placed") waits for this command, and this command for it.
    if (clientOrderId !== null) await lockClientKey(tx, userId, clientOrderId);
    // One read for every question before matching: did the key place an order, was it answered "not
    // placed", and the member's free balance in the lock currency (null: no account).
    const [key] = await tx.$queryRaw<Array<{ placed: bigint | number; voided: bigint | number; available: bigint | number | null }>>`
      SELECT EXISTS (SELECT 1 FROM "Order" WHERE "userId" = ${userId} AND "clientOrderId" = ${clientOrderId}) AS "placed",
             EXISTS (SELECT 1 FROM "VoidedClientKey" WHERE "userId" = ${userId} AND "clientKey" = ${clientOrderId}) AS "voided",
             (SELECT "balance" FROM "Account" WHERE "userId" = ${userId} AND "currencyId" = ${lockCurrency}) AS "available"`;
    if (clientOrderId !== null && Number(key?.placed ?? 0) === 1) {
      const earlier = await readOrderByClientKey(tx, userId, clientOrderId);
      if (earlier !== null) return { ok: true, repeat: true, ...earlier, update: null };
    }
    if (clientOrderId !== null && Number(key?.voided ?? 0) === 1) return refuse("not_placed", null, NOT_PLACED_MESSAGE);
    const parsed = parseOrderInput(rules, {
      id: (options.newOrderId ?? randomUUID)(),
      memberId: userId,
      side: request.side,
      kind: request.kind,
      price: request.price,
      volume: request.volume,
      quoteBound: request.quoteBound,
      at: now,
    });
    if (!parsed.ok) return engineRefusal(parsed.error);
    const available = lockCurrencyOf(rules, parsed.order.side) === lockCurrency ? BigInt(key?.available ?? 0) : await readAvailable(tx, userId, lockCurrencyOf(rules, parsed.order.side));
    const previousSequence = engine.sequence;
    const placed = engine.place(parsed.order, available);
    if (!placed.ok) return engineRefusal(placed.error);
    const applied = await applyEngineEvents(tx, market, placed.events, placed.sequence, previousSequence, now, clientOrderId);
    const update = await buildExchangeUpdate(tx, market, engine, applied);
    const order = toOrderView(rules, snapshotAmounts(market.id, placed.order, clientOrderId));
    const fills = applied.fills
      .filter((fill) => fill.event.takerOrderId === placed.order.id)
      .map((fill): TradeDto => ({ ...fill.takerTrade, side: fill.event.takerSide, userId, mine: true }));
    return { ok: true, repeat: false, order, market: marketOf(market), fills, update };
  });
  return "unavailable" in result ? marketRefusal(result.unavailable) : result;
}
