// The stack's SQLite file opened behind the app: the e2e tests' ground truth (and, rarely, a fault to inject).
import Database from "better-sqlite3";
import type { TestStack } from "./stack.ts";

/** Opens `stack`'s database, read-only unless `writable`; the caller closes it. */
export function openStackDb(stack: TestStack, { writable = false } = {}): Database.Database {
  return new Database(stack.databaseUrl.replace(/^file:/, ""), { readonly: !writable, fileMustExist: true });
}

/** Runs `read` on a read-only connection to `stack`'s database, then closes it. */
export function readStackDb<T>(stack: TestStack, read: (db: Database.Database) => T): T {
  const db = openStackDb(stack);
  try {
    return read(db);
  } finally {
    db.close();
  }
}
