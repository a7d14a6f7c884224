// SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE), for the better-sqlite3
// driver adapter, which always sends a plain (deferred) BEGIN.
//
// Why: the DB runs in WAL mode and several processes write to it (the app, the market maker, the seed).
// recordTrade reads the last price and then inserts in one transaction. A deferred transaction that has
// already read cannot wait for another writer: SQLite answers its first write with SQLITE_BUSY at once,
// whatever the busy timeout (the snapshot it read may be stale, so waiting could not help). BEGIN
// IMMEDIATE takes the write lock before the first read, and waiting for that lock does honour the busy
// timeout, so concurrent writers queue instead of failing. The adapter keeps its connection in `client`
// and begins with `client.prepare("BEGIN")` (@prisma/adapter-better-sqlite3 7.10, pinned): that one
// statement is rewritten; tests/db/concurrent-writers.test.ts fails if the adapter changes underneath.
import "server-only";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/** The part of a better-sqlite3 connection rewritten here. */
interface Preparer {
  prepare(source: string): unknown;
}

function isPreparer(value: unknown): value is Preparer {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "prepare") === "function";
}

/** Makes the transactions of `adapter` (a better-sqlite3 adapter) begin IMMEDIATE. */
function beginImmediate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client: unknown = Reflect.get(adapter, "client");
  if (!isPreparer(client)) throw new Error("better-sqlite3 adapter without a `client` connection: cannot begin IMMEDIATE");
  const prepare = client.prepare.bind(client);
  client.prepare = (source) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source);
  return adapter;
}

/** `factory`, with every connection it opens beginning its transactions IMMEDIATE (see the header). */
export function withImmediateTransactions(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => beginImmediate(await factory.connect()),
    connectToShadowDb: async () => beginImmediate(await factory.connectToShadowDb()),
  };
}
