// Serializing exchange commands across app processes on PostgreSQL (issue 12). On SQLite every
// transaction of this app begins IMMEDIATE and so holds the file's one write lock (lib/db-immediate-transactions.ts):
// commands of every process already run one at a time. PostgreSQL runs transactions side by side, so a
// command first takes a transaction-scoped advisory lock, released at its commit or rollback:
// - one per market: the market's commands (place, cancel, cancel all) run one at a time across every
//   instance, each reading the state the previous one committed (READ COMMITTED: every statement sees
//   the latest commits), so the engine and the stored book never diverge;
// - one per member's client key: placing under a key and settling it ("not placed" voids the key) exclude
//   each other, so a key is never both placed and voided.
import { providerOf } from "@/lib/db-provider";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";
import { Prisma } from "@/lib/generated/prisma/client";

/** Takes the advisory lock named `name` until the transaction ends (PostgreSQL); nothing on SQLite. */
async function lockForTransaction(tx: Pick<ExchangeDb, "$executeRaw">, name: string): Promise<void> {
  if (providerOf(tx) !== "postgresql") return;
  // pg_advisory_xact_lock returns void, which the driver adapter cannot read: run it as a statement.
  await tx.$executeRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))) AS "locked"`;
}

/** Holds `marketId`'s command lock for the rest of the transaction (PostgreSQL). */
export async function lockMarketCommands(tx: Pick<ExchangeDb, "$executeRaw">, marketId: string): Promise<void> {
  await lockForTransaction(tx, `peatio:market:${marketId}`);
}

/** Holds the lock of `userId`'s client key for the rest of the transaction (PostgreSQL). */
export async function lockClientKey(tx: Pick<ExchangeDb, "$executeRaw">, userId: string, clientKey: string): Promise<void> {
  await lockForTransaction(tx, `peatio:client-key:${userId}:${clientKey}`);
}

/** SQLSTATEs of a transaction PostgreSQL gave up on: serialization failure, deadlock, lock wait past lock_timeout. */
const CONFLICT_STATES = new Set(["40001", "40P01", "55P03"]);

/** The SQLSTATE of a raw statement's driver error as Prisma 7 reports it (meta.driverAdapterError.cause.originalCode). */
function driverErrorCode(meta: Record<string, unknown> | undefined): unknown {
  const adapterError: unknown = meta?.driverAdapterError;
  const cause: unknown = typeof adapterError === "object" && adapterError !== null ? Reflect.get(adapterError, "cause") : undefined;
  return typeof cause === "object" && cause !== null ? Reflect.get(cause, "originalCode") : undefined;
}

/**
 * Whether `error` is a PostgreSQL conflict (serialization failure, deadlock, or a lock not granted within
 * lock_timeout: the transaction is rolled back, nothing written) that a new attempt of the same command
 * may pass. Prisma reports it as P2034 from a model query and as P2010 carrying the driver's SQLSTATE
 * from a raw one.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2034") return true;
  if (error.code !== "P2010") return false;
  const code = driverErrorCode(error.meta);
  return typeof code === "string" && CONFLICT_STATES.has(code);
}
