// Runs one order command of a market: serialized per market in this process (a mutex) and across
// processes (SQLite BEGIN IMMEDIATE: the write lock is taken before the first read), inside one DB
// transaction with the market's engine brought up to date. If the transaction fails, the engine (which
// may have changed) is dropped and the next command rebuilds it from the DB.
import type { DbClient } from "@/lib/db-client";
import type { MatchingEngine } from "@/lib/exchange/engine";
import { readExchangeMarket, type ExchangeDb, type ExchangeMarket, type MarketUnavailable } from "@/lib/exchange/exchange-market";
import { KeyedMutex } from "@/lib/exchange/keyed-mutex";
import { dropEngine, loadEngine } from "@/lib/exchange/market-engines";

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
    try {
      return await client.$transaction(async (tx) => {
        const market = await readExchangeMarket(tx, marketId);
        if (typeof market === "string") return { unavailable: market };
        const engine = await loadEngine(tx, market);
        return command({ tx, market, engine, now: Date.now() });
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      dropEngine(marketId);
      throw error;
    }
  });
}
