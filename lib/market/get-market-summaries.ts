// Reads the market list for the selector, each with its last price.
import "server-only";
import { db } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { sqliteDecimalText } from "@/lib/market/candle-units";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { marketReaderFor } from "@/lib/market/market-reader";
import { readMarketSummariesOnPostgres } from "@/lib/market/postgres-market-reads";
import type { MarketSummary } from "@/lib/schemas/market";

/** Every market in selector order, each with the price of its newest trade (one indexed row read each). */
const SUMMARIES_SQL = `SELECT m."id", m."name", m."baseUnit", m."quoteUnit",
    (SELECT t."price" FROM "Trade" AS t WHERE t."marketId" = m."id" ORDER BY t."createdAt" DESC, t."id" DESC LIMIT 1) AS "last"
  FROM "Market" AS m ORDER BY m."position", m."id"`;

/** Every market in selector order (position, then id), with the price of its latest trade or null. */
export async function getMarketSummaries({ client = db }: Omit<MarketReadOptions, "now"> = {}): Promise<MarketSummary[]> {
  if (providerOf(client) === "postgresql") return readMarketSummariesOnPostgres(client);
  const reader = marketReaderFor(client);
  const rows = reader.kept("summaries", () => reader.statement<Omit<MarketSummary, "last"> & { last: number | null }>(SUMMARIES_SQL).all());
  return rows.map((row) => ({ id: row.id, name: row.name, baseUnit: row.baseUnit, quoteUnit: row.quoteUnit, last: row.last === null ? null : sqliteDecimalText(row.last) }));
}
