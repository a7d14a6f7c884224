// The app's Prisma client: one instance per process over the SQLite file, password hashes omitted by default.
//
// Scripts (seed, simulate, channels server) import server-only modules too, so they run under
// `tsx --conditions=react-server` (see package.json), which resolves `server-only` to its no-op build
// exactly as Next's server bundle does; Vitest aliases it to a stub. Nothing else is needed to use
// this module outside Next.
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { sqliteFilePath } from "@/lib/db-url";
import { env } from "@/lib/env";

const defaultOmit = { user: { passwordHash: true } } as const;

/**
 * A new client on `databaseUrl` (file:relative/or/absolute.db, relative to the cwd): for scripts and
 * tests that need their own database. Call `$disconnect()` when done. Read `passwordHash` with
 * `omit: { passwordHash: false }` on the one query that needs it.
 */
export function createDbClient(databaseUrl: string) {
  const adapter = new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  return new PrismaClient({ adapter, omit: defaultOmit });
}

/** The client type the app uses (with its default omit), for functions that take a client. */
export type DbClient = ReturnType<typeof createDbClient>;

const globalForDb = globalThis as typeof globalThis & { __peatioDb?: DbClient };

/** The shared client on env.DATABASE_URL; kept on globalThis outside production so hot reload reuses it. */
export const db: DbClient = globalForDb.__peatioDb ?? createDbClient(env.DATABASE_URL);

if (env.NODE_ENV !== "production") globalForDb.__peatioDb = db;
