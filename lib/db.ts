// The app's Prisma client: one instance per process over the SQLite file, password hashes omitted by default.
//
// Scripts (seed, simulate, channels server) import server-only modules too, so they run under
// `tsx --conditions=react-server` (see package.json), which resolves `server-only` to its no-op build
// exactly as Next's server bundle does; Vitest aliases it to a stub. Nothing else is needed to use
// this module outside Next.
import "server-only";
import { createDbClient, type DbClient } from "@/lib/db-client";
import { env } from "@/lib/env";

export { createDbClient, type DbClient };

const globalForDb = globalThis as typeof globalThis & { __peatioDb?: DbClient };

/** The shared client on env.DATABASE_URL; kept on globalThis outside production so hot reload reuses it. */
export const db: DbClient = globalForDb.__peatioDb ?? createDbClient(env.DATABASE_URL);

if (env.NODE_ENV !== "production") globalForDb.__peatioDb = db;
