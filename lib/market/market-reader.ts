// The market data reads' own SQLite connection: better-sqlite3 directly, read-only, with prepared
// statements kept per connection. A Prisma query costs about 0.6-0.7 ms of CPU here (query compiler,
// driver adapter, result mapping) against about 0.01 ms for the same prepared statement, and the market
// page and its re-read routes run several reads per request; the writes stay on Prisma. WAL lets this
// connection read while others write; a snapshot() sees one consistent state and blocks no writer.
//
// Results are kept while the database is unchanged: SQLite's PRAGMA data_version changes whenever another
// connection commits (this one never writes), so a result read at version v is still the answer while the
// version is v (and, for time-dependent reads, while the caller's own validity check holds).
import "server-only";
import Database from "better-sqlite3";
import { BUSY_TIMEOUT_MS, databaseFileOf } from "@/lib/db-client";

/** A read-only connection to one database file, with its statements and per-connection caches. */
export interface MarketReader {
  /** The prepared statement of `sql` (prepared once per connection); `bigints`: INTEGER columns read as bigint. */
  statement<Row>(sql: string, bigints?: boolean): Database.Statement<unknown[], Row>;
  /** Runs the synchronous reads of `read` in one read transaction: one snapshot of the database. */
  snapshot<T>(read: () => T): T;
  /**
   * `read()` in a snapshot, kept under `key` and answered again while no other connection has committed
   * since and `stillValid(kept)` holds (default: always). Callers must not mutate what it returns.
   */
  kept<T>(key: string, read: () => T, stillValid?: (value: T) => boolean): T;
  /** Values kept for as long as this connection lives (e.g. closed candles), by key. */
  cache: Map<string, unknown>;
}

const readers = new WeakMap<object, MarketReader>();

/** Page cache and memory map of the reader connection: the hot pages of the market data stay mapped. */
const CACHE_KIB = 32 * 1024;
const MMAP_BYTES = 256 * 1024 * 1024;

/** Opens a reader on `file` (which must exist and be migrated). */
export function openMarketReader(file: string): MarketReader {
  const connection = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  connection.pragma("query_only = ON");
  connection.pragma(`cache_size = -${CACHE_KIB}`);
  connection.pragma(`mmap_size = ${MMAP_BYTES}`);
  const statements = new Map<string, Database.Statement<unknown[], unknown>>();
  // One transaction function for every snapshot (better-sqlite3 builds its wrappers per transaction() call).
  const inTransaction = connection.transaction((read: () => unknown) => read());
  const dataVersion = connection.prepare<[], number>("PRAGMA data_version").pluck();
  const kept = new Map<string, { version: number; value: unknown }>();
  const reader: MarketReader = {
    statement<Row>(sql: string, bigints = false) {
      const key = bigints ? `bigint:${sql}` : sql;
      let prepared = statements.get(key);
      if (prepared === undefined) {
        prepared = connection.prepare(sql).safeIntegers(bigints);
        statements.set(key, prepared);
      }
      return prepared as Database.Statement<unknown[], Row>;
    },
    snapshot<T>(read: () => T): T {
      return inTransaction.deferred(read) as T;
    },
    kept<T>(key: string, read: () => T, stillValid: (value: T) => boolean = () => true): T {
      const before = Number(dataVersion.get());
      const entry = kept.get(key);
      if (entry !== undefined && entry.version === before && stillValid(entry.value as T)) return entry.value as T;
      const value = reader.snapshot(read);
      // Kept only when nothing was committed while it was read: then it is the state of version `before`.
      if (Number(dataVersion.get()) === before) kept.set(key, { version: before, value });
      else kept.delete(key);
      return value;
    },
    cache: new Map(),
  };
  return reader;
}

/**
 * The reader of the database `client` (a client made by createDbClient, such as the app's `db`) works on,
 * opened on first use and kept as long as the client.
 */
export function marketReaderFor(client: object): MarketReader {
  let reader = readers.get(client);
  if (reader === undefined) {
    const file = databaseFileOf(client);
    if (file === undefined || file === ":memory:") throw new Error("market data reads need a client made by createDbClient on a database file");
    reader = openMarketReader(file);
    readers.set(client, reader);
  }
  return reader;
}
