// A market as the exchange trades it: its DB row (rules, units, sequence) compiled into the engine's
// Market. Compiled markets are cached by their rules, so a command compiles nothing in the common case.
import type { DbClient } from "@/lib/db-client";
import { defineMarket, type Market, type MarketConfig } from "@/lib/exchange/engine";
import { Prisma } from "@/lib/generated/prisma/client";

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

/** A market row as the exchange reads it. */
export type MarketRow = { [K in keyof typeof marketSelect]: K extends "priceBand" ? string | null : K extends "sequence" ? number : string };

/** The columns of a MarketRow, for raw reads of the Market table. */
export const MARKET_ROW_COLUMNS = Prisma.raw(`"Market"."id", "Market"."name", "Market"."baseUnit", "Market"."quoteUnit", "Market"."tickSize", "Market"."lotSize", "Market"."minOrderValue", "Market"."priceBand", "Market"."sequence"`);

/** Compiles a market row (read by a model or a raw query) with its currencies' scales; a reason when it cannot trade. */
export async function toExchangeMarket(client: Pick<ExchangeDb, "currency">, row: MarketRow): Promise<ExchangeMarket | MarketUnavailable> {
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

/** Reads `marketId` with its currencies' scales and compiles its rules; a reason when it cannot trade. */
export async function readExchangeMarket(client: Pick<ExchangeDb, "market" | "currency">, marketId: string): Promise<ExchangeMarket | MarketUnavailable> {
  const row = await client.market.findUnique({ where: { id: marketId }, select: marketSelect });
  return row === null ? "unknown_market" : toExchangeMarket(client, row);
}

/** A market as an order command reads it first: with the price of its last trade (the band's reference), as stored. */
export interface CommandMarket {
  market: ExchangeMarket;
  /** The newest trade's price as SQLite gives the stored number in text ("65000", "64999.99"); null before the first trade. */
  lastPrice: string | null;
}

/**
 * What every order command reads first, in one raw statement inside its transaction (a raw statement
 * costs a fraction of a Prisma model query, and this runs once per command): the market row and the
 * price of its newest trade (the same row readLastTradePrice picks: newest createdAt, then highest id).
 */
export async function readCommandMarket(client: Pick<ExchangeDb, "$queryRaw" | "currency">, marketId: string): Promise<CommandMarket | MarketUnavailable> {
  const [row] = await client.$queryRaw<Array<MarketRow & { lastPrice: string | null }>>`
    SELECT ${MARKET_ROW_COLUMNS},
      (SELECT CAST("price" AS TEXT) FROM "Trade" WHERE "Trade"."marketId" = "Market"."id" ORDER BY "Trade"."createdAt" DESC, "Trade"."id" DESC LIMIT 1) AS "lastPrice"
    FROM "Market" WHERE "id" = ${marketId}`;
  if (row === undefined) return "unknown_market";
  const market = await toExchangeMarket(client, { ...row, sequence: Number(row.sequence) });
  return typeof market === "string" ? market : { market, lastPrice: row.lastPrice };
}
