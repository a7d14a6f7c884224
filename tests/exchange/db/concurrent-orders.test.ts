// Several OS processes, each with its own Prisma client and matching engine, placing crossing orders,
// market orders and cancels on one SQLite file, and on one PostgreSQL database (several app instances,
// issue 12), at once (some under client keys the others use too):
// nothing throws, nothing is double-filled or overspent, every key placed one order, the market sequence
// counts exactly the accepted commands, funds are conserved, and the stored book is what a fresh engine
// rebuilds from the open orders.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookOf } from "@/lib/exchange/exchange-update";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { parseReferencePrice, rebuildEngine } from "@/lib/exchange/market-engines";
import { readOrderBook } from "@/lib/exchange/read-order-book";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, invariantProblems, TEST_DATABASES, totalsByCurrency, type ExchangeDb } from "../support/exchange-db";

/** Processes per database: PostgreSQL's run costs more (its own server and pools), three still contend. */
const PROCESSES = { sqlite: 4, postgresql: 3 } as const;
const COMMANDS_PER_PROCESS = 60;
const FIXTURE = path.join(import.meta.dirname, "fixtures", "trade-randomly.ts");

interface Tally {
  placed: number;
  repeats: number;
  cancelCommands: number;
  refused: Record<string, number>;
  errors: string[];
  keyed: Array<{ userId: string; key: string; orderId: string; repeat: boolean }>;
}

const postgres = postgresForFile();
let db: ExchangeDb;

function startProcess(seed: number, members: string[], keys: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", FIXTURE, db.databaseUrl, String(seed), String(COMMANDS_PER_PROCESS), members.join(","), keys.join(",")],
    { cwd: process.cwd(), stdio: "pipe" },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  async function nextLine(): Promise<string> {
    const line = await lines.next();
    if (line.done) throw new Error(`process ended early (exit ${await exited}): ${stderr}`);
    return line.value;
  }
  return { child, nextLine, exited };
}

describe.each(TEST_DATABASES)("several processes on one %s database", (provider) => {
  beforeAll(async () => {
    db = await createExchangeDb("concurrent-orders", "50000", provider === "postgresql" ? postgres : undefined);
  });
  afterAll(async () => db.close());

    it("never double-fill, never overspend, and leave the book the open orders say", async () => {
      const members: string[] = [];
      for (let index = 0; index < 4; index += 1) members.push(await createMember(db.client, `p${index}`, { usd: "30000", btc: "0.6" }));
      const keys = Array.from({ length: 3 }, () => crypto.randomUUID());
      const totals = await totalsByCurrency(db.client);
      const sequenceBefore = (await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } })).sequence;

      const processes = Array.from({ length: PROCESSES[provider] }, (_, index) => startProcess(index + 1, members, keys));
      expect(await Promise.all(processes.map((p) => p.nextLine()))).toEqual(Array(PROCESSES[provider]).fill("ready"));
      for (const p of processes) p.child.stdin.end("go\n");
      const tallies = await Promise.all(processes.map(async (p) => JSON.parse(await p.nextLine()) as Tally));
      expect(await Promise.all(processes.map((p) => p.exited))).toEqual(Array(PROCESSES[provider]).fill(0));

      expect(tallies.flatMap((tally) => tally.errors)).toEqual([]);
      const placed = tallies.reduce((sum, tally) => sum + tally.placed, 0);
      const cancels = tallies.reduce((sum, tally) => sum + tally.cancelCommands, 0);
      expect(placed).toBeGreaterThan(PROCESSES[provider] * 20);
      // Fills happened, across processes (makers and takers placed by different processes).
      const fills = await db.client.trade.count({ where: { makerOrderId: { not: null } } });
      expect(fills).toBeGreaterThan(10);

      // Exactly once per key: one order each, and every answer about a key named that order.
      for (const key of keys) {
        const answers = tallies.flatMap((tally) => tally.keyed).filter((entry) => entry.key === key);
        const stored = await db.client.order.findMany({ where: { userId: members[0], clientOrderId: key }, select: { id: true } });
        expect(stored.length).toBe(answers.length > 0 ? 1 : 0);
        expect(new Set(answers.map((answer) => answer.orderId))).toEqual(new Set(stored.map((order) => order.id)));
        expect(answers.filter((answer) => !answer.repeat).length).toBe(stored.length);
      }

      // Every accepted command moved the sequence by one, no more: orders carry unique seqs.
      expect(await db.client.order.count()).toBe(placed);
      const market = await db.client.market.findUniqueOrThrow({ where: { id: "btcusd" } });
      expect(market.sequence).toBe(sequenceBefore + placed + cancels);

      expect(await totalsByCurrency(db.client)).toEqual(totals);
      expect(await invariantProblems(db.client)).toEqual([]);

      const exchangeMarket = await readExchangeMarket(db.client, "btcusd");
      if (typeof exchangeMarket === "string") throw new Error(exchangeMarket);
      const rebuilt = await rebuildEngine(db.client, exchangeMarket, parseReferencePrice(await readLastTradePrice(db.client, "btcusd"), 2));
      const stored = await readOrderBook(db.client, "btcusd");
      expect({ asks: stored?.asks, bids: stored?.bids, sequence: stored?.sequence }).toEqual(bookOf(rebuilt));
    }, 180_000);
  });
