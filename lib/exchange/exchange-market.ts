// A market as the exchange trades it: its DB row (rules, units, sequence) compiled into the engine's
// Market. Compiled markets are cached by their rules, so a command compiles nothing in the common case.
import type { DbClient } from "@/lib/db-client";
import { defineMarket, type Market, type MarketConfig } from "@/lib/exchange/engine";

/** The DB client or transaction the exchange reads and writes through. */
export type ExchangeDb = Pick<
  DbClient,
  "market" | "currency" | "order" | "trade" | "account" | "user" | "notification" | "voidedClientKey" | "$queryRaw" | "$executeRaw"
>;

/** A tradable market: its name and units for messages, the compiled rules and the stored sequence. */
export interface ExchangeMarket {
  id: string;
  name: string;
  baseUnit: string;
  quoteUnit: string;
  rules: Market;
  /** Sequence of the last command applied to the book (Market.sequence). */
  sequence: number;
}

/** Why a market cannot trade: no such market, or its currencies are not set up (no Currency rows). */
export type MarketUnavailable = "unknown_market" | "market_closed";

const compiled = new Map<string, Market>();

/** The engine's Market for `config`, compiled once per distinct config. */
export function compileMarket(config: MarketConfig): Market {
  const key = JSON.stringify(config);
  let market = compiled.get(key);
  if (market === undefined) {
    market = defineMarket(config);
    compiled.set(key, market);
  }
  return market;
}

/** Currency scales seen by this process: a currency's scale never changes while it has accounts (it is how they are stored). */
const currencyScales = new Map<string, number>();

/** The scales of two currencies (undefined for one the DB does not have), read once per process. */
async function readCurrencyScales(client: Pick<ExchangeDb, "currency">, base: string, quote: string): Promise<[number | undefined, number | undefined]> {
  if (!currencyScales.has(base) || !currencyScales.has(quote)) {
    const rows = await client.currency.findMany({ where: { id: { in: [base, quote] } }, select: { id: true, scale: true } });
    for (const row of rows) currencyScales.set(row.id, row.scale);
  }
  return [currencyScales.get(base), currencyScales.get(quote)];
}

const marketSelect = {
  id: true,
  name: true,
  baseUnit: true,
  quoteUnit: true,
  tickSize: true,
  lotSize: true,
  minOrderValue: true,
  priceBand: true,
  sequence: true,
} as const;

/** Reads `marketId` with its currencies' scales and compiles its rules; a reason when it cannot trade. */
export async function readExchangeMarket(client: Pick<ExchangeDb, "market" | "currency">, marketId: string): Promise<ExchangeMarket | MarketUnavailable> {
  const row = await client.market.findUnique({ where: { id: marketId }, select: marketSelect });
  if (row === null) return "unknown_market";
  const [baseScale, quoteScale] = await readCurrencyScales(client, row.baseUnit, row.quoteUnit);
  if (baseScale === undefined || quoteScale === undefined) return "market_closed";
  const rules = compileMarket({
    id: row.id,
    base: row.baseUnit,
    quote: row.quoteUnit,
    baseScale,
    quoteScale,
    tickSize: row.tickSize,
    lotSize: row.lotSize,
    minOrderValue: row.minOrderValue,
    priceBand: row.priceBand,
  });
  return { id: row.id, name: row.name, baseUnit: row.baseUnit, quoteUnit: row.quoteUnit, rules, sequence: row.sequence };
}
