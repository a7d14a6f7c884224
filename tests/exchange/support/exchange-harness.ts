// Test harness for the pure engine: a market, an engine and a FundsLedger wired the way the DB
// layer will wire them (balance read before the command, every funds event applied after).
import { expect } from "vitest";
import {
  defineMarket,
  formatScaled,
  FundsLedger,
  lockCurrencyOf,
  MatchingEngine,
  parseScaled,
  submitOrder,
  type EventDto,
  type Market,
  type MarketConfig,
  type OrderInput,
  type SubmitResult,
} from "@/lib/exchange/engine";

/** BTC/USD as the demo will trade it: 0.01 USD tick, 0.0001 BTC lot, 10 USD minimum, 20% band. */
export const BTCUSD_CONFIG: MarketConfig = {
  id: "btcusd",
  base: "btc",
  quote: "usd",
  baseScale: 8,
  quoteScale: 8,
  tickSize: "0.01",
  lotSize: "0.0001",
  minOrderValue: "10",
  priceBand: "0.2",
};

/** An engine, its market and a ledger, with helpers that speak decimal strings. */
export class ExchangeHarness {
  readonly market: Market;
  readonly engine: MatchingEngine;
  readonly ledger = new FundsLedger();
  private nextId = 1;
  private clock = 1_700_000_000_000;

  constructor(config: Partial<MarketConfig> = {}, lastPrice: string | null = null) {
    this.market = defineMarket({ ...BTCUSD_CONFIG, ...config });
    const parsed = lastPrice === null ? null : parseScaled(lastPrice, this.market.priceScale);
    this.engine = new MatchingEngine(this.market, { lastPrice: parsed?.ok ? parsed.value : null });
  }

  /** Credits a member in a currency (decimal string). */
  fund(memberId: string, currency: string, amount: string): void {
    const scale = currency === this.market.base ? this.market.baseScale : this.market.quoteScale;
    const parsed = parseScaled(amount, scale);
    if (!parsed.ok) throw new Error(`bad amount ${amount}`);
    this.ledger.grant(memberId, currency, parsed.value);
  }

  /** A member's balance and locked amount as decimal strings. */
  account(memberId: string, currency: string): { balance: string; locked: string } {
    const scale = currency === this.market.base ? this.market.baseScale : this.market.quoteScale;
    const account = this.ledger.account(memberId, currency);
    return { balance: formatScaled(account.balance, scale), locked: formatScaled(account.locked, scale) };
  }

  /** Submits an order with the member's current balance, applies its funds events, returns the result. */
  submit(input: Omit<OrderInput, "id" | "at"> & { id?: string }): SubmitResult {
    const id = input.id ?? `o${this.nextId++}`;
    const side = input.side === "sell" ? "sell" : "buy";
    const currency = lockCurrencyOf(this.market, side);
    const scale = currency === this.market.base ? this.market.baseScale : this.market.quoteScale;
    const available = formatScaled(this.ledger.available(input.memberId, currency), scale);
    const result = submitOrder(this.engine, { ...input, id, at: this.tick() }, available);
    if (result.ok) this.applyFunds(result.events);
    return result;
  }

  /** Cancels through the engine and applies the funds events. */
  cancel(orderId: string, memberId: string) {
    const result = this.engine.cancel(orderId, memberId, this.tick());
    if (result.ok) expect(this.ledger.apply(result.events)).toEqual({ ok: true });
    return result;
  }

  /** Cancels all of a member's orders and applies the funds events. */
  cancelAll(memberId: string) {
    const result = this.engine.cancelAll(memberId, this.tick());
    if (result.ok) expect(this.ledger.apply(result.events)).toEqual({ ok: true });
    return result;
  }

  /** The book as decimal strings, best first. */
  book(): { asks: Array<[string, string]>; bids: Array<[string, string]> } {
    const depth = this.engine.depth(100);
    const fmt = (rows: Array<[bigint, bigint]>) =>
      rows.map(([price, volume]): [string, string] => [formatScaled(price, this.market.priceScale), formatScaled(volume, this.market.amountScale)]);
    return { asks: fmt(depth.asks), bids: fmt(depth.bids) };
  }

  private applyFunds(events: EventDto[]): void {
    // The ledger works in units: read the DTOs' decimal strings back (so they must round-trip exactly).
    const deltas = events.filter((event) => event.type === "funds");
    const asUnits = deltas.map((event) => {
      const scale = event.currency === this.market.base ? this.market.baseScale : this.market.quoteScale;
      const balance = parseScaled(event.balance, scale);
      const locked = parseScaled(event.locked, scale);
      if (!balance.ok || !locked.ok) throw new Error("funds event is not a decimal");
      return { ...event, balance: balance.value, locked: locked.value };
    });
    expect(this.ledger.apply(asUnits)).toEqual({ ok: true });
  }

  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }
}

/** The events of one type from a successful result. */
export function eventsOf<T extends EventDto["type"]>(result: SubmitResult, type: T): Array<Extract<EventDto, { type: T }>> {
  if (!result.ok) throw new Error(`command refused: ${result.error.code} ${result.error.message}`);
  return result.events.filter((event): event is Extract<EventDto, { type: T }> => event.type === type);
}
