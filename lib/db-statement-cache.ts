// Prepared statements kept per connection for the better-sqlite3 driver adapter, which prepares every
// statement anew (`client.prepare(sql).bind(args)`, @prisma/adapter-better-sqlite3 7.10, pinned): SQLite
// compiles the SQL each time, 11% of an order command's CPU in process (bench:app profile). The app sends
// the same few dozen statements over and over, so each connection keeps its compiled statements by SQL
// text (bounded, least recently used dropped) and binds a request's arguments on each run instead of once
// per statement (a better-sqlite3 statement can be bound only once). tests/db/statement-cache.test.ts
// drives the adapter through it.
import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

/** How many compiled statements one connection keeps. */
export const STATEMENT_CACHE_SIZE = 256;

/** The part of a better-sqlite3 statement the adapter uses. */
interface Statement {
  readonly reader: boolean;
  columns(): unknown[];
  raw(toggle?: boolean): Statement;
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  get(...args: unknown[]): unknown;
}

function isStatement(value: unknown): value is Statement {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "run") === "function" && typeof Reflect.get(value, "all") === "function";
}

/** The part of a better-sqlite3 connection cached here. */
interface Preparer {
  prepare(source: string): unknown;
}

function isPreparer(value: unknown): value is Preparer {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "prepare") === "function";
}

/** A cached statement with one run's arguments (none until `bind(args)`, which gives another view with those). */
class BoundStatement {
  constructor(
    private readonly statement: Statement,
    private readonly args: readonly unknown[],
  ) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  bind(args: readonly unknown[] = []): BoundStatement {
    return new BoundStatement(this.statement, args);
  }

  columns(): unknown[] {
    return this.statement.columns();
  }

  raw(toggle = true): BoundStatement {
    this.statement.raw(toggle);
    return this;
  }

  run(): unknown {
    return this.statement.run(...this.args);
  }

  all(): unknown[] {
    return this.statement.all(...this.args);
  }

  get(): unknown {
    return this.statement.get(...this.args);
  }
}

/** Makes `adapter` (a better-sqlite3 adapter) reuse its compiled statements; call before anything else wraps its `prepare`. */
export function cacheStatements(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client: unknown = Reflect.get(adapter, "client");
  if (!isPreparer(client)) throw new Error("better-sqlite3 adapter without a `client` connection: cannot cache statements");
  const prepare = client.prepare.bind(client);
  const statements = new Map<string, Statement>();
  client.prepare = (source) => {
    let statement = statements.get(source);
    if (statement === undefined) {
      const prepared = prepare(source);
      if (!isStatement(prepared)) return prepared;
      statement = prepared;
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
    } else {
      statements.delete(source); // re-inserted below: the Map's order is least recently used first
    }
    statements.set(source, statement);
    return new BoundStatement(statement, []);
  };
  return adapter;
}
