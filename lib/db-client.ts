// Creating Prisma clients over a SQLite file (the default) or PostgreSQL (a postgresql:// DATABASE_URL,
// issue 12), with password hashes omitted by default. No environment is read here, so scripts can import it
// before they have loaded .env.local (lib/db.ts holds the app's one client).
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { withImmediateTransactions } from "@/lib/db-immediate-transactions";
import { databaseProviderOf, postgresPoolConfig, sqliteFilePath } from "@/lib/db-url";

/** How long a write waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

const defaultOmit = { user: { passwordHash: true } } as const;

/** Options of createDbClient: how long a write waits for another connection's lock (default BUSY_TIMEOUT_MS); PostgreSQL's pool size (default 10). */
export interface DbClientOptions {
  busyTimeoutMs?: number;
  poolSize?: number;
}

/**
 * A new client on `databaseUrl` (file:relative/or/absolute.db, relative to the cwd): for scripts and
 * tests that need their own database. Call `$disconnect()` when done. Read `passwordHash` with
 * `omit: { passwordHash: false }` on the one query that needs it.
 */
export function createDbClient(databaseUrl: string, options: DbClientOptions = {}): DbClient {
  return databaseProviderOf(databaseUrl) === "postgresql" ? createPostgresClient(databaseUrl, options) : createSqliteClient(databaseUrl, options);
}

/** A client on a SQLite file (transactions begin IMMEDIATE: lib/db-immediate-transactions.ts). */
function createSqliteClient(databaseUrl: string, { busyTimeoutMs = BUSY_TIMEOUT_MS }: DbClientOptions) {
  // `timeout` is SQLite's busy timeout: how long a connection waits for another process's write lock
  // (the app, the market maker and the seed share the file). Transactions take that lock when they
  // begin, so a read-then-write transaction waits its turn instead of failing with SQLITE_BUSY.
  const adapter = withImmediateTransactions(
    new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl), timeout: busyTimeoutMs }),
  );
  const client = new PrismaClient({ adapter, omit: defaultOmit });
  databaseFiles.set(client, sqliteFilePath(databaseUrl));
  return client;
}

/** The SQLite file of each client createDbClient made (lib/market/market-reader.ts reads it directly). */
const databaseFiles = new WeakMap<object, string>();

/** The SQLite file path of a client made by createDbClient, or undefined for any other object. */
export function databaseFileOf(client: object): string | undefined {
  return databaseFiles.get(client);
}

/**
 * A client on PostgreSQL through @prisma/adapter-pg: the client generated from prisma/postgresql/schema.prisma
 * (the same models as SQLite's, so the same client type). A statement waits at most `busyTimeoutMs` for a
 * row or advisory lock before it fails (lock_timeout), as a SQLite write waits for the file's write lock.
 */
function createPostgresClient(databaseUrl: string, { busyTimeoutMs = BUSY_TIMEOUT_MS, poolSize = 10 }: DbClientOptions): DbClient {
  const adapter = new PrismaPg({ ...postgresPoolConfig(databaseUrl), max: poolSize, options: `-c lock_timeout=${busyTimeoutMs}` });
  // The generated types differ only in what $transaction's isolationLevel accepts (SQLite: "Serializable";
  // PostgreSQL: every level), so the PostgreSQL client does everything the SQLite type promises.
  const client = new PostgresPrismaClient({ adapter, omit: defaultOmit }) as unknown as DbClient;
  return client;
}

/** The client type the app uses (with its default omit), for functions that take a client. */
export type DbClient = ReturnType<typeof createSqliteClient>;
