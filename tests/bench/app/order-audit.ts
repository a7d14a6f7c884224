// After the app bench's order runs: what the database holds against what the clients were answered.
// Every accepted answer must be exactly one stored order with that client key (none lost), no key may
// be stored twice (none duplicated), and no order may exist for a key that was not answered "accepted"
// (refused or failed answers placed nothing). Also the funds invariant: per currency, the sum of
// balance + locked over all accounts is what it was before the runs.
import Database from "better-sqlite3";

/** The audit's findings. */
export interface OrderAudit {
  accepted: number;
  stored: number;
  /** Accepted answers without a stored order. */
  lost: number;
  /** Client keys stored more than once. */
  duplicated: number;
  /** Stored orders whose key was not answered accepted (refused, failed, or unanswered). */
  unconfirmed: number;
  examples: string[];
}

/** Per-currency sum of balance + locked over all accounts (exact integers in each currency's units). */
export type FundsTotals = Record<string, string>;

function open(databaseFile: string): Database.Database {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  return db;
}

/** The path of a `file:` database URL. */
export function databaseFileOf(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
}

/** Sums balance + locked per currency. */
export function readFundsTotals(databaseFile: string): FundsTotals {
  const db = open(databaseFile);
  try {
    const rows = db.prepare(`SELECT "currencyId" AS currency, SUM("balance") + SUM("locked") AS total FROM "Account" GROUP BY "currencyId" ORDER BY "currencyId"`).all() as Array<{ currency: string; total: bigint }>;
    return Object.fromEntries(rows.map((row) => [row.currency, String(row.total)]));
  } finally {
    db.close();
  }
}

/** Compares the orders stored for the members whose email starts with `emailPrefix` with the `accepted` client keys. */
export function auditOrders(databaseFile: string, emailPrefix: string, accepted: readonly string[]): OrderAudit {
  const db = open(databaseFile);
  try {
    const rows = db
      .prepare(
        `SELECT o."clientOrderId" AS key, COUNT(*) AS n FROM "Order" o JOIN "User" u ON u."id" = o."userId"
         WHERE u."email" LIKE ? AND o."clientOrderId" IS NOT NULL GROUP BY o."clientOrderId"`,
      )
      .all(`${emailPrefix}%`) as Array<{ key: string; n: bigint }>;
    const stored = new Map(rows.map((row) => [row.key, Number(row.n)]));
    const acceptedSet = new Set(accepted);
    const examples: string[] = [];
    const note = (text: string) => {
      if (examples.length < 5) examples.push(text);
    };
    let lost = 0;
    for (const key of acceptedSet) {
      if (!stored.has(key)) {
        lost += 1;
        note(`accepted, not stored: ${key}`);
      }
    }
    let duplicated = 0;
    let unconfirmed = 0;
    let storedCount = 0;
    for (const [key, n] of stored) {
      storedCount += n;
      if (n > 1) {
        duplicated += 1;
        note(`stored ${n} times: ${key}`);
      }
      if (!acceptedSet.has(key)) {
        unconfirmed += 1;
        note(`stored, not answered accepted: ${key}`);
      }
    }
    // Two answers "accepted" for one key would also be a duplicate the unique index cannot show.
    duplicated += accepted.length - acceptedSet.size;
    return { accepted: accepted.length, stored: storedCount, lost, duplicated, unconfirmed, examples };
  } finally {
    db.close();
  }
}
