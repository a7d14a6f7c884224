// The funds model: what an order locks, how a fill moves funds between the two members (and the
// fee account), and a pure in-memory ledger that applies the engine's funds events atomically.
import { computeFee, type Market } from "./market";
import type { EngineEvent, FundsEvent, FundsReason, OrderKind, Side } from "./types";

/** Member id of the account that collects fees, unless the engine is given another. */
export const FEE_ACCOUNT_ID = "fee";

/** What placing an order locks: an amount of one currency, in that currency's units. */
export interface FundsLock {
  currency: string;
  amount: bigint;
}

/** The order fields the lock depends on. */
export interface LockableOrder {
  side: Side;
  kind: OrderKind;
  price: bigint | null;
  volume: bigint;
  quoteBound: bigint | null;
}

/** Lock for an order: bid price x volume in quote, a market bid its quote bound, an ask its volume in base. */
export function computeLock(market: Market, order: LockableOrder): FundsLock {
  if (order.side === "sell") return { currency: market.base, amount: order.volume * market.baseFactor };
  if (order.kind === "market") return { currency: market.quote, amount: order.quoteBound ?? 0n };
  return { currency: market.quote, amount: (order.price ?? 0n) * order.volume * market.quoteFactor };
}

/** What still locks for a resting limit order with `remaining` volume (the "locked" invariant). */
export function computeRestingLock(market: Market, side: Side, price: bigint, remaining: bigint): bigint {
  return side === "buy" ? price * remaining * market.quoteFactor : remaining * market.baseFactor;
}

/** A funds event (deltas in the currency's units). */
export function fundsEvent(memberId: string, currency: string, balance: bigint, locked: bigint, reason: FundsReason, orderId: string): FundsEvent {
  return { type: "funds", memberId, currency, balance, locked, reason, orderId };
}

/** One side of a fill as the funds model sees it. */
export interface FillParty {
  orderId: string;
  memberId: string;
  /** The party's limit price (null for a market order): a bid's lock above the trade price is released. */
  limitPrice: bigint | null;
  isMaker: boolean;
}

/** Amounts one fill takes out of each order's lock, for the engine's order bookkeeping. */
export interface FillLockUse {
  buyerLockUsed: bigint;
  sellerLockUsed: bigint;
}

/**
 * Appends the funds events of one fill to `out`: the buyer's locked quote pays price x volume
 * (and a limit bid's lock above the trade price returns to its balance), the seller's locked base
 * pays the volume; each receives the other currency minus its fee, which goes to `feeAccountId`.
 */
export function appendFillFunds(
  out: EngineEvent[],
  market: Market,
  price: bigint,
  volume: bigint,
  buyer: FillParty,
  seller: FillParty,
  feeAccountId: string,
): FillLockUse {
  const quoteAmount = price * volume * market.quoteFactor;
  const baseAmount = volume * market.baseFactor;
  const refund = buyer.limitPrice === null ? 0n : (buyer.limitPrice - price) * volume * market.quoteFactor;
  const buyerFee = computeFee(baseAmount, buyer.isMaker ? market.makerFeeMicros : market.takerFeeMicros);
  const sellerFee = computeFee(quoteAmount, seller.isMaker ? market.makerFeeMicros : market.takerFeeMicros);
  out.push(
    fundsEvent(buyer.memberId, market.quote, refund, -(quoteAmount + refund), "trade", buyer.orderId),
    fundsEvent(buyer.memberId, market.base, baseAmount - buyerFee, 0n, "trade", buyer.orderId),
    fundsEvent(seller.memberId, market.base, 0n, -baseAmount, "trade", seller.orderId),
    fundsEvent(seller.memberId, market.quote, quoteAmount - sellerFee, 0n, "trade", seller.orderId),
  );
  if (buyerFee > 0n) out.push(fundsEvent(feeAccountId, market.base, buyerFee, 0n, "fee", buyer.orderId));
  if (sellerFee > 0n) out.push(fundsEvent(feeAccountId, market.quote, sellerFee, 0n, "fee", seller.orderId));
  return { buyerLockUsed: quoteAmount + refund, sellerLockUsed: baseAmount };
}

/** The net change of one account over a command's events. */
export interface AccountDelta {
  memberId: string;
  currency: string;
  balance: bigint;
  locked: bigint;
}

/**
 * Sums a command's funds events per account (in first-touched order): what one `UPDATE account
 * SET balance = balance + ?, locked = locked + ?` per row applies, and which `account` events to publish.
 */
export function sumFundsByAccount(events: readonly EngineEvent[]): AccountDelta[] {
  const byAccount = new Map<string, AccountDelta>();
  for (const event of events) {
    if (event.type !== "funds") continue;
    const key = accountKey(event.memberId, event.currency);
    const delta = byAccount.get(key);
    if (delta === undefined) byAccount.set(key, { memberId: event.memberId, currency: event.currency, balance: event.balance, locked: event.locked });
    else {
      delta.balance += event.balance;
      delta.locked += event.locked;
    }
  }
  return [...byAccount.values()];
}

/** An account's two amounts, in its currency's units. */
export interface AccountBalance {
  balance: bigint;
  locked: bigint;
}

/** A problem applying funds events: the account that would go negative. */
export interface LedgerProblem {
  memberId: string;
  currency: string;
  balance: bigint;
  locked: bigint;
}

function accountKey(memberId: string, currency: string): string {
  return `${memberId}\u0000${currency}`;
}

/**
 * Balances per member per currency, in memory: the reference the DB layer mirrors and the
 * property tests check. Applying events is all-or-nothing, as one DB transaction would be.
 */
export class FundsLedger {
  private readonly rows = new Map<string, { memberId: string; currency: string; balance: bigint; locked: bigint }>();

  /** Credits `amount` to a member's balance (a deposit or the demo grant). */
  grant(memberId: string, currency: string, amount: bigint): void {
    if (amount < 0n) throw new RangeError("a grant cannot be negative");
    const row = this.row(memberId, currency);
    row.balance += amount;
  }

  /** A copy of one account (zeros when it has never been touched). */
  account(memberId: string, currency: string): AccountBalance {
    const row = this.rows.get(accountKey(memberId, currency));
    return { balance: row?.balance ?? 0n, locked: row?.locked ?? 0n };
  }

  /** What a member can still lock in a currency (its balance). */
  available(memberId: string, currency: string): bigint {
    return this.rows.get(accountKey(memberId, currency))?.balance ?? 0n;
  }

  /** Applies every funds event of a command, or none when any account would go negative. */
  apply(events: readonly EngineEvent[]): { ok: true } | { ok: false; problem: LedgerProblem } {
    const next = sumFundsByAccount(events).map((delta) => {
      const current = this.account(delta.memberId, delta.currency);
      return { memberId: delta.memberId, currency: delta.currency, balance: current.balance + delta.balance, locked: current.locked + delta.locked };
    });
    for (const row of next) {
      if (row.balance < 0n || row.locked < 0n) return { ok: false, problem: row };
    }
    for (const row of next) this.rows.set(accountKey(row.memberId, row.currency), row);
    return { ok: true };
  }

  /** Every account, as copies. */
  accounts(): Array<{ memberId: string; currency: string } & AccountBalance> {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }

  /** Sum of balance + locked over all accounts in a currency (the conserved quantity). */
  total(currency: string): bigint {
    let sum = 0n;
    for (const row of this.rows.values()) if (row.currency === currency) sum += row.balance + row.locked;
    return sum;
  }

  private row(memberId: string, currency: string) {
    const key = accountKey(memberId, currency);
    let row = this.rows.get(key);
    if (!row) {
      row = { memberId, currency, balance: 0n, locked: 0n };
      this.rows.set(key, row);
    }
    return row;
  }
}
