// A real SQLite file (or PostgreSQL database) for exchange tests: migrated, with the demo currencies, a BTC/USD market with the
// demo rules and a last trade price, and members funded by grants. Helpers read the truth back as
// decimal strings (accounts, totals per currency, open orders).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDbClient, type DbClient } from "@/lib/db-client";
import { formatScaled } from "@/lib/exchange/engine";
import { grantFunds, type FundsGrant } from "@/lib/exchange/demo-funds";
import { parseScaledOrThrow } from "@/lib/exchange/engine/decimal";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { placeOrder, type PlaceOrderRequest } from "@/lib/exchange/place-order";
import { DEMO_CURRENCIES, DEMO_MARKET_RULES } from "@/lib/seed/seed-exchange";
import type { DatabaseProvider } from "@/lib/db-url";
import { dropEngine } from "@/lib/exchange/market-engines";
import { createMigratedDatabase } from "@/tests/support/migrated-database";
import type { PostgresForTests } from "@/tests/support/postgres";
import { insertTrades } from "@/tests/support/insert-trades";

/** A migrated temp database and its client. */
export interface ExchangeDb {
  dir: string;
  databaseUrl: string;
  client: DbClient;
  close: () => Promise<void>;
}

/** The databases the exchange's DB tests run on (issue 12): the SQLite default and PostgreSQL. */
export const TEST_DATABASES = ["sqlite", "postgresql"] as const satisfies readonly DatabaseProvider[];

/**
 * Creates the database: currencies, btcusd (and ethusd) with the demo rules, last price `lastPrice` (null:
 * no trade yet). A SQLite file by default; with `postgres` (the file's postgresForFile()), a new migrated
 * PostgreSQL database. Drops this process's cached engines: another database of the file may have left
 * engines of the same market ids.
 */
export async function createExchangeDb(prefix: string, lastPrice: string | null = "50000", postgres?: PostgresForTests): Promise<ExchangeDb> {
  for (const marketId of ["btcusd", "ethusd"]) dropEngine(marketId);
  const dir = mkdtempSync(path.join(tmpdir(), `peatio-${prefix}-`));
  const file = path.join(dir, "exchange.db");
  let databaseUrl = `file:${file}`;
  if (postgres) databaseUrl = await postgres.createMigratedDatabase();
  else await createMigratedDatabase(file);
  const client = createDbClient(databaseUrl);
  for (const currency of DEMO_CURRENCIES) await client.currency.create({ data: { ...currency } });
  await client.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1, ...DEMO_MARKET_RULES.btcusd } });
  await client.market.create({ data: { id: "ethusd", name: "ETH/USD", baseUnit: "eth", quoteUnit: "usd", position: 2, ...DEMO_MARKET_RULES.ethusd } });
  if (lastPrice !== null) await insertTrades(client, [{ marketId: "btcusd", side: "buy", price: lastPrice, amount: "0.1", createdAt: new Date(Date.now() - 60_000) }]);
  return {
    dir,
    databaseUrl,
    client,
    close: async () => {
      await client.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A limit buy of 0.1 on btcusd for `userId`, with `fields` changed. */
export function orderRequest(userId: string, fields: Partial<PlaceOrderRequest>): PlaceOrderRequest {
  return { marketId: "btcusd", userId, side: "buy", kind: "limit", volume: "0.1", ...fields };
}

/** Places a new order and returns it; throws on a refusal or a repeat. */
export async function placeNewOrder(client: DbClient, request: PlaceOrderRequest) {
  const result = await placeOrder(client, request);
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  if (result.repeat) throw new Error(`a repeat of ${result.order.id}`);
  return result;
}

let memberCount = 0;

/** A new member with `grant` (e.g. { usd: "100000", btc: "2" }); returns their user id. */
export async function createMember(client: DbClient, name: string, grant: FundsGrant = {}): Promise<string> {
  memberCount += 1;
  const user = await client.user.create({
    data: { email: `${name}-${memberCount}-${process.pid}@example.com`, name, passwordHash: "not-a-hash", sn: `sn-${name}-${memberCount}-${process.pid}-${Math.random().toString(36).slice(2)}` },
    select: { id: true },
  });
  await client.$transaction((tx) => grantFunds(tx, user.id, grant));
  return user.id;
}

/** A member's account in a currency as decimal strings at scale 8 ("0.00000000" when absent). */
export async function readAccount(client: DbClient, userId: string, currency: string): Promise<{ balance: string; locked: string }> {
  const row = await client.account.findUnique({ where: { userId_currencyId: { userId, currencyId: currency } } });
  return { balance: formatScaled(row?.balance ?? 0n, 8), locked: formatScaled(row?.locked ?? 0n, 8) };
}

/** Sum of balance + locked over every account, per currency (the conserved quantity), in units. */
export async function totalsByCurrency(client: DbClient): Promise<Record<string, bigint>> {
  const rows = await client.account.findMany({ select: { currencyId: true, balance: true, locked: true } });
  const totals: Record<string, bigint> = {};
  for (const row of rows) totals[row.currencyId] = (totals[row.currencyId] ?? 0n) + row.balance + row.locked;
  return totals;
}

/** Checks the stored state's invariants; returns the problems (empty when all hold). */
export async function invariantProblems(client: DbClient): Promise<string[]> {
  const problems: string[] = [];
  const accounts = await client.account.findMany();
  for (const account of accounts) {
    if (account.balance < 0n || account.locked < 0n) problems.push(`negative account ${account.userId}/${account.currencyId}`);
  }
  // locked of each member = what their open orders still hold (quote for bids, base for asks).
  const markets = await client.market.findMany({ select: { id: true, baseUnit: true, quoteUnit: true } });
  const heldBy = new Map<string, bigint>();
  const open = await client.order.findMany({ where: { state: "wait" } });
  for (const order of open) {
    const market = markets.find((candidate) => candidate.id === order.marketId);
    if (!market) continue;
    const key = `${order.userId}/${order.side === "buy" ? market.quoteUnit : market.baseUnit}`;
    heldBy.set(key, (heldBy.get(key) ?? 0n) + order.locked);
    if (order.volume <= 0n) problems.push(`open order ${order.id} without volume`);
  }
  for (const account of accounts) {
    const held = heldBy.get(`${account.userId}/${account.currencyId}`) ?? 0n;
    if (held !== account.locked) problems.push(`account ${account.userId}/${account.currencyId} locks ${account.locked} but its open orders hold ${held}`);
  }
  // Every closed order holds nothing; no book is crossed.
  const closed = await client.order.count({ where: { state: { in: ["done", "cancel"] }, locked: { not: 0n } } });
  if (closed > 0) problems.push(`${closed} closed orders still hold funds`);
  for (const market of markets) {
    const ask = await client.order.findFirst({ where: { marketId: market.id, state: "wait", side: "sell" }, orderBy: { price: "asc" } });
    const bid = await client.order.findFirst({ where: { marketId: market.id, state: "wait", side: "buy" }, orderBy: { price: "desc" } });
    if (ask?.price != null && bid?.price != null && ask.price <= bid.price) problems.push(`${market.id} is crossed: ask ${ask.price} <= bid ${bid.price}`);
  }
  // No double fill: each order's fills add up to exactly what it filled (origin - remaining), in value too.
  const fills = await client.trade.findMany({ where: { makerOrderId: { not: null } }, select: { marketId: true, amount: true, price: true, makerOrderId: true, takerOrderId: true } });
  const filledBy = new Map<string, { volume: bigint; funds: bigint }>();
  for (const fill of fills) {
    const rules = await readExchangeMarket(client, fill.marketId);
    if (typeof rules === "string") continue;
    const volume = parseScaledOrThrow(fill.amount.toFixed(), rules.rules.amountScale, "fill amount");
    const price = parseScaledOrThrow(fill.price.toFixed(), rules.rules.priceScale, "fill price");
    for (const id of [fill.makerOrderId, fill.takerOrderId]) {
      if (id === null) continue;
      const sum = filledBy.get(id) ?? { volume: 0n, funds: 0n };
      filledBy.set(id, { volume: sum.volume + volume, funds: sum.funds + price * volume });
    }
  }
  for (const order of await client.order.findMany()) {
    // Never filled past its volume (fills adding up to an overfill would pass the sums below: volume < 0).
    if (order.volume < 0n || order.volume > order.originVolume) problems.push(`order ${order.id} has ${order.volume} left of ${order.originVolume}`);
    const sum = filledBy.get(order.id) ?? { volume: 0n, funds: 0n };
    if (sum.volume !== order.originVolume - order.volume) problems.push(`order ${order.id} filled ${order.originVolume - order.volume} but its fills add up to ${sum.volume}`);
    if (sum.funds !== order.filledFunds) problems.push(`order ${order.id} says filled funds ${order.filledFunds}, its fills ${sum.funds}`);
  }
  return problems;
}
