// Runs the order commands of a market: one at a time per market in this process (a queue) and across
// processes (SQLite BEGIN IMMEDIATE: the write lock is taken before the first read; PostgreSQL: the
// market's advisory lock, lib/exchange/command-locks.ts), inside a DB transaction with the market's
// engine brought up to date. Group commit: the commands queued for a market when its turn comes (up to
// GROUP_LIMIT, on the same client) run one after another in one transaction, so they share its begin,
// commit, market read and engine check; each still sees everything the ones before it wrote. If a group's
// transaction fails, nothing of it was written and each of its commands runs again alone, as a single
// command always ran. If a transaction fails, the engine (which may have changed) is dropped and the next
// command rebuilds it from the DB; a single command's transaction that could not get the write lock within
// the busy timeout (other processes kept it), or that PostgreSQL rolled back for a deadlock or
// serialization failure, is tried again, twice.
import type { DbClient } from "@/lib/db-client";
import type { MatchingEngine } from "@/lib/exchange/engine";
import { isTransactionConflict, lockMarketCommands } from "@/lib/exchange/command-locks";
import { readCommandMarket, type ExchangeDb, type ExchangeMarket, type MarketUnavailable } from "@/lib/exchange/exchange-market";
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

/** Most commands one transaction runs. */
export const GROUP_LIMIT = 16;

/** What a market's command resolves with: the command's value, or why the market cannot trade. */
type CommandResult<T> = T | { unavailable: MarketUnavailable };

/** A command waiting for its market's turn. */
interface QueuedCommand {
  client: CommandDb;
  command: (context: CommandContext) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A market's commands not run yet, oldest first, and whether its runner is going. */
interface MarketQueue {
  pending: QueuedCommand[];
  running: boolean;
}

const globalForQueues = globalThis as typeof globalThis & { __peatioMarketQueues?: Map<string, MarketQueue> };
const queues: Map<string, MarketQueue> = (globalForQueues.__peatioMarketQueues ??= new Map());

/** Lets I/O that is due run first (requests arriving now join the next group). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `commands` in order in one transaction of `client`, tried up to `attempts` times while the database
 * is busy; resolves with their values (every one `unavailable` when the market cannot trade).
 */
async function runInTransaction(client: CommandDb, marketId: string, commands: ReadonlyArray<QueuedCommand["command"]>, attempts: number): Promise<unknown[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.$transaction(async (tx) => {
        await lockMarketCommands(tx, marketId);
        const read = await readCommandMarket(tx, marketId);
        if (typeof read === "string") return commands.map(() => ({ unavailable: read }));
        const engine = await engineAt(tx, read.market, read.lastPrice);
        const values: unknown[] = [];
        for (const command of commands) values.push(await command({ tx, market: read.market, engine, now: Date.now() }));
        return values;
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      dropEngine(marketId);
      if (attempt >= attempts || !(isBusy(error) || isTransactionConflict(error))) throw error;
      // Other processes kept the lock for the whole busy timeout, or PostgreSQL rolled the transaction back
      // for a conflict: nothing was written, try again.
      console.warn(`[exchange] ${marketId}: the database stayed busy or rolled back a conflict, retrying the command (attempt ${attempt + 1} of ${attempts})`);
    }
  }
}

/** Runs a group: together in one transaction, or (one alone, or the group's transaction failed) each in its own. */
async function runGroup(marketId: string, group: readonly QueuedCommand[]): Promise<void> {
  const [first] = group;
  if (first === undefined) return;
  if (group.length > 1) {
    try {
      const values = await runInTransaction(first.client, marketId, group.map((queued) => queued.command), 1);
      group.forEach((queued, i) => queued.resolve(values[i]));
      return;
    } catch {
      // Rolled back: nothing of the group was written. Each command runs alone below and answers for itself.
    }
  }
  for (const queued of group) {
    try {
      const [value] = await runInTransaction(queued.client, marketId, [queued.command], BUSY_ATTEMPTS);
      queued.resolve(value);
    } catch (error) {
      queued.reject(error);
    }
  }
}

/** Runs a market's queued commands, a group at a time, until none is left. */
async function drainQueue(marketId: string, queue: MarketQueue): Promise<void> {
  try {
    while (queue.pending.length > 0) {
      await nextTurn();
      const first = queue.pending[0];
      let size = 1;
      while (size < GROUP_LIMIT && size < queue.pending.length && queue.pending[size]?.client === first?.client) size += 1;
      await runGroup(marketId, queue.pending.splice(0, size));
    }
  } finally {
    queue.running = false;
  }
}

/**
 * Runs `command` for `marketId` in a transaction (alone, or after the commands queued before it in the
 * same one); resolves with its value, or with the reason the market cannot trade (nothing written). A
 * thrown error rolls its transaction back.
 */
export function runMarketCommand<T>(client: CommandDb, marketId: string, command: (context: CommandContext) => Promise<T>): Promise<CommandResult<T>> {
  let queue = queues.get(marketId);
  if (queue === undefined) {
    queue = { pending: [], running: false };
    queues.set(marketId, queue);
  }
  const result = new Promise<CommandResult<T>>((resolve, reject) => {
    queue.pending.push({ client, command, resolve: (value) => resolve(value as CommandResult<T>), reject });
  });
  if (!queue.running) {
    queue.running = true;
    void drainQueue(marketId, queue);
  }
  return result;
}

/** How often a command is tried when SQLite's write lock stays taken past the busy timeout. */
const BUSY_ATTEMPTS = 3;

/** Prisma's P1008 ("Operation has timed out"): SQLITE_BUSY, the transaction rolled back. */
function isBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P1008";
}
