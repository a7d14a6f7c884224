// Which database a Prisma client or interactive transaction works on, for the few statements whose SQL
// differs between SQLite and PostgreSQL (issue 12). Prisma keeps the generated client's provider on every
// client and on the transaction clients it hands out (`_activeProvider`, Prisma 7.10, pinned); the
// PostgreSQL tests (tests/exchange/db on both databases) fail if that changes underneath.
import type { DatabaseProvider } from "@/lib/db-url";

/** "postgresql" for a client (or transaction) of the PostgreSQL schema, else "sqlite". */
export function providerOf(clientOrTx: object): DatabaseProvider {
  return Reflect.get(clientOrTx, "_activeProvider") === "postgresql" ? "postgresql" : "sqlite";
}
