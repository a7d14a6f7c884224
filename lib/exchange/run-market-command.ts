// Runs one order command of a market: serialized per market in this process (a mutex) and across
// processes (SQLite BEGIN IMMEDIATE: the write lock is taken before the first read; PostgreSQL: the
// market's advisory lock, lib/exchange/command-locks.ts), inside one DB transaction with the market's
// engine brought up to date. If the transaction fails, the engine (which
// may have changed) is dropped and the next command rebuilds it from the DB; a transaction that could
// not get the write lock within the busy timeout (other processes kept it), or that PostgreSQL rolled back
// for a deadlock or serialization failure, is tried again, twice.
import type { DbClient } from "@/lib/db-client";
import type { MatchingEngine } from "@/lib/exchange/engine";
import { isTransactionConflict, lockMarketCommands } from "@/lib/exchange/command-locks";
import { readCommandMarket, type ExchangeDb, type ExchangeMarket, type MarketUnavailable } from "@/lib/exchange/exchange-market";
import { KeyedMutex } from "@/lib/exchange/keyed-mutex";
import { dropEngine, engineAt } from "@/lib/exchange/market-engines";
import { Prisma } from "@/lib/generated/prisma/client";

/** What a command body gets: the transaction, the market (rules, stored sequence) and its current engine. */
export interface CommandContext {
  tx: ExchangeDb;
  market: ExchangeMarket;
  engine: MatchingEngine;
  /** The command's time (ms since epoch), read once the write lock is held. */
  now: number;
}

/** The client a command runs on: anything that opens interactive transactions over ExchangeDb. */
export type CommandDb = Pick<DbClient, "$transaction">;

/**
 * How long a command may wait for its transaction and run: commands queue behind each other (per
 * process and on the SQLite write lock), so the waits are generous.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

const globalForMutex = globalThis as typeof globalThis & { __peatioMarketMutex?: KeyedMutex };
const marketMutex: KeyedMutex = (globalForMutex.__peatioMarketMutex ??= new KeyedMutex());

/**
 * Runs `command` for `marketId` in one transaction; resolves with its value, or with the reason the
 * market cannot trade (nothing written). A thrown error rolls everything back.
 */
export async function runMarketCommand<T>(
  client: CommandDb,
  marketId: string,
  command: (context: CommandContext) => Promise<T>,
): Promise<T | { unavailable: MarketUnavailable }> {
  return marketMutex.run(marketId, async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.$transaction(async (tx) => {
          await lockMarketCommands(tx, marketId);
          const read = await readCommandMarket(tx, marketId);
          if (typeof read === "string") return { unavailable: read };
          const engine = await engineAt(tx, read.market, read.lastPrice);
          return command({ tx, market: read.market, engine, now: Date.now() });
        }, TRANSACTION_OPTIONS);
      } catch (error) {
        dropEngine(marketId);
        if (attempt >= BUSY_ATTEMPTS || !(isBusy(error) || isTransactionConflict(error))) throw error;
        // Other processes kept the lock for the whole busy timeout, or PostgreSQL rolled the transaction back
        // for a conflict: nothing was written, try again.
        console.warn(`[exchange] ${marketId}: the database stayed busy or rolled back a conflict, retrying the command (attempt ${attempt + 1} of ${BUSY_ATTEMPTS})`);
      }
    }
  });
}

/** How often a command is tried when SQLite's write lock stays taken past the busy timeout. */
const BUSY_ATTEMPTS = 3;

/** Prisma's P1008 ("Operation has timed out"): SQLITE_BUSY, the transaction rolled back. */
function isBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P1008";
}
