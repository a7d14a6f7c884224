// Checks a market id against the DB before reading its data (unknown ids get a 404, not empty data).
import "server-only";
import { db } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { marketReaderFor } from "@/lib/market/market-reader";
import { marketExistsOnPostgres } from "@/lib/market/postgres-market-reads";
import { marketIdSchema } from "@/lib/schemas/market";

/** True when `marketId` is well-formed and names a market in the DB. */
export async function marketExists(marketId: string, client = db): Promise<boolean> {
  if (!marketIdSchema.safeParse(marketId).success) return false;
  if (providerOf(client) === "postgresql") return marketExistsOnPostgres(client, marketId);
  return marketReaderFor(client).statement(`SELECT 1 FROM "Market" WHERE "id" = ?`).get(marketId) !== undefined;
}
