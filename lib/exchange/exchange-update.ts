// What one committed command announces (ExchangeUpdate): the book at its sequence, the public fills,
// the seeds' price updates, and each touched member's private order, trade and account events. Built
// inside the command's transaction from what it wrote, published after the commit.
import { currencyScaleOf, formatBookUpdate, formatPrivateOrder, formatPrivateTrade, formatPublicTrade, formatScaled, type MatchingEngine, type PublicTrade } from "@/lib/exchange/engine";
import type { AppliedCommand } from "@/lib/exchange/apply-engine-events";
import type { ExchangeDb, ExchangeMarket } from "@/lib/exchange/exchange-market";
import { toOrderView } from "@/lib/exchange/order-view";
import type { AccountView, BookUpdate, PrivateFillEvent, PrivateOrderEvent } from "@/lib/schemas/order";
import type { PriceUpdate } from "@/lib/schemas/trade";

/** How many levels per side the book update carries. */
export const BOOK_DEPTH = 50;

/** One member's private events of a command, and the sn naming their channel. */
export interface MemberEvents {
  userId: string;
  sn: string;
  orders: PrivateOrderEvent[];
  trades: PrivateFillEvent[];
  accounts: AccountView[];
}

/** Everything a committed command announces. */
export interface ExchangeUpdate {
  marketId: string;
  sequence: number;
  /** `market-<id>-global` / `update`. */
  book: BookUpdate;
  /** `market-<id>-global` / `trades`, oldest first (empty: no fill). */
  trades: PublicTrade[];
  /** `price_channel` / `update` (and `market-<id>` / `update`), one per fill. */
  prices: PriceUpdate[];
  members: MemberEvents[];
}

/** Members' sns seen by this process (an sn names a live private channel and is never changed), bounded. */
const sns = new Map<string, string>();
const SN_CACHE_SIZE = 10_000;

/** The sn of each of `ids` that exists, from the cache or one read. */
async function readSns(tx: Pick<ExchangeDb, "user">, ids: ReadonlySet<string>): Promise<Map<string, string>> {
  const missing = [...ids].filter((id) => !sns.has(id));
  if (missing.length > 0) {
    if (sns.size + missing.length > SN_CACHE_SIZE) sns.clear();
    for (const user of await tx.user.findMany({ where: { id: { in: missing } }, select: { id: true, sn: true } })) sns.set(user.id, user.sn);
  }
  const found = new Map<string, string>();
  for (const id of ids) {
    const sn = sns.get(id);
    if (sn !== undefined) found.set(id, sn);
  }
  return found;
}

/** The book of `engine` now, top BOOK_DEPTH levels, at its sequence. */
export function bookOf(engine: MatchingEngine): BookUpdate {
  return { ...formatBookUpdate(engine.market, engine.depth(BOOK_DEPTH)), sequence: engine.sequence };
}

/** Builds the update of a command `applied` to `market` (engine already past the command). */
export async function buildExchangeUpdate(tx: Pick<ExchangeDb, "user">, market: ExchangeMarket, engine: MatchingEngine, applied: AppliedCommand): Promise<ExchangeUpdate> {
  const rules = market.rules;
  const members = new Map<string, MemberEvents>();
  const ids = new Set<string>([...applied.orders.map((order) => order.userId), ...applied.accounts.map((account) => account.userId)]);
  for (const fill of applied.fills) ids.add(fill.event.makerMemberId).add(fill.event.takerMemberId);
  for (const [userId, sn] of await readSns(tx, ids)) members.set(userId, { userId, sn, orders: [], trades: [], accounts: [] });

  for (const { snapshot, amounts, userId } of applied.orders) {
    members.get(userId)?.orders.push({ ...formatPrivateOrder(rules, snapshot), order: toOrderView(rules, amounts) });
  }
  const trades: PublicTrade[] = [];
  const prices: PriceUpdate[] = [];
  for (const fill of applied.fills) {
    const { event, tradeId } = fill;
    trades.push(formatPublicTrade(rules, event, tradeId));
    prices.push({
      marketId: market.id,
      tradeId,
      side: event.takerSide,
      price: fill.takerTrade.price,
      amount: fill.takerTrade.amount,
      createdAt: fill.createdAt.toISOString(),
    });
    members.get(event.makerMemberId)?.trades.push({ ...formatPrivateTrade(rules, event, event.makerMemberId, tradeId), trade: fill.makerTrade, notification: fill.notifications.maker });
    members.get(event.takerMemberId)?.trades.push({ ...formatPrivateTrade(rules, event, event.takerMemberId, tradeId), trade: fill.takerTrade, notification: fill.notifications.taker });
  }
  for (const account of applied.accounts) {
    const scale = currencyScaleOf(rules, account.currency);
    members.get(account.userId)?.accounts.push({ currency: account.currency, balance: formatScaled(account.balance, scale), locked: formatScaled(account.locked, scale) });
  }
  return { marketId: market.id, sequence: applied.sequence, book: bookOf(engine), trades, prices, members: [...members.values()] };
}
