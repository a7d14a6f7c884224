// SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE), for the better-sqlite3
// driver adapter, which always sends a plain (deferred) BEGIN.
//
// Why: the DB runs in WAL mode and several processes write to it (the app, the market maker, the seed).
// An order command reads the market, the book and the balances, then writes, in one transaction. A deferred transaction that has
// already read cannot wait for another writer: SQLite answers its first write with SQLITE_BUSY at once,
// whatever the busy timeout (the snapshot it read may be stale, so waiting could not help). BEGIN
// IMMEDIATE takes the write lock before the first read, and waiting for that lock does honour the busy
// timeout, so concurrent writers queue instead of failing. The adapter keeps its connection in `client`
// and begins with `client.prepare("BEGIN")` (@prisma/adapter-better-sqlite3 7.10, pinned): that one
// statement is rewritten; tests/db/concurrent-writers.test.ts fails if the adapter changes underneath, and
// tests/db/busy-begin.test.ts if a BEGIN refused by a busy database wedges the client again.
import "server-only";
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { cacheStatements } from "@/lib/db-statement-cache";

/** The part of a better-sqlite3 connection rewritten here. */
interface Preparer {
  prepare(source: string): unknown;
}

function isPreparer(value: unknown): value is Preparer {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "prepare") === "function";
}

/** A prepared better-sqlite3 statement, as far as BEGIN needs it. */
interface Runnable {
  run(): unknown;
}

function isRunnable(value: unknown): value is Runnable {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "run") === "function";
}

/** The driver error Prisma expects for a failed BEGIN: SQLITE_BUSY reads "Operation has timed out", as the adapter maps it. */
function beginError(error: unknown): unknown {
  const code = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY") ? new DriverAdapterError({ kind: "SocketTimeout" }) : error;
}

/**
 * Makes the transactions of `adapter` (a better-sqlite3 adapter) begin IMMEDIATE. The adapter takes its
 * transaction mutex before BEGIN and never releases it when BEGIN throws (the write lock stayed busy past
 * the busy timeout), which would leave every later transaction of the process waiting forever. So BEGIN
 * here remembers its failure instead of throwing; startTransaction then releases the mutex (rollback of
 * the transaction that never began runs no SQL) and throws the failure.
 */
function beginImmediate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client: unknown = Reflect.get(adapter, "client");
  if (!isPreparer(client)) throw new Error("better-sqlite3 adapter without a `client` connection: cannot begin IMMEDIATE");
  const prepare = client.prepare.bind(client);
  let failedBegin: { error: unknown } | null = null;
  client.prepare = (source) => {
    if (source !== "BEGIN") return prepare(source);
    const statement = prepare("BEGIN IMMEDIATE");
    if (!isRunnable(statement)) throw new Error("better-sqlite3 statement without run(): cannot begin IMMEDIATE");
    return {
      run: () => {
        try {
          return statement.run();
        } catch (error) {
          failedBegin = { error };
          return undefined;
        }
      },
    };
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    // Read right after BEGIN: the adapter's mutex keeps any other BEGIN of this connection out until released.
    const failure: { error: unknown } | null = failedBegin;
    if (failure === null) return transaction;
    failedBegin = null;
    await transaction.rollback();
    throw beginError(failure.error);
  };
  return adapter;
}

/**
 * `factory`, with every connection it opens beginning its transactions IMMEDIATE (see the header) and
 * keeping its compiled statements (lib/db-statement-cache.ts).
 */
export function withImmediateTransactions(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => beginImmediate(cacheStatements(await factory.connect())),
    connectToShadowDb: async () => beginImmediate(cacheStatements(await factory.connectToShadowDb())),
  };
}
