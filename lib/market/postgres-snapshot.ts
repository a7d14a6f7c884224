// Market data reads on PostgreSQL (issue 12): the SQLite fast path (lib/market/market-reader.ts, a
// read-only better-sqlite3 connection) has no PostgreSQL twin, so these reads go through the app's Prisma
// client: the same SQL (positional `?` parameters), each group of reads in one REPEATABLE READ transaction,
// which sees one snapshot and blocks no writer. Nothing is kept between reads.
import "server-only";
import type { DbClient } from "@/lib/db-client";
import { Prisma } from "@/lib/generated/prisma/client";

/** Runs positional-parameter SQL inside a snapshot and returns its rows. */
export type SnapshotQuery = <Row>(sql: string, ...params: unknown[]) => Promise<Row[]>;

/** Positional-parameter SQL (`?`, none inside literals) as a Prisma raw query. */
function positionalSql(sql: string, params: readonly unknown[]): Prisma.Sql {
  const strings = sql.split("?");
  if (strings.length !== params.length + 1) throw new Error("parameter count does not match the SQL");
  return new Prisma.Sql(strings, params);
}

/** `read` with a query function bound to one REPEATABLE READ snapshot of `client`'s PostgreSQL database. */
export async function readPostgresSnapshot<T>(client: Pick<DbClient, "$transaction">, read: (query: SnapshotQuery) => Promise<T>): Promise<T> {
  return client.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const query: SnapshotQuery = <Row,>(sql: string, ...params: unknown[]) => tx.$queryRaw<Row[]>(positionalSql(sql, params));
    return read(query);
  });
}

/** A numeric or bigint value as PostgreSQL hands it over (bigint, number, Decimal or text) as a bigint; integral values only. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  const text = String(value);
  if (!/^-?\d+$/.test(text)) throw new RangeError(`not an integer: ${text}`);
  return BigInt(text);
}
