// Two processes writing trades to one SQLite file at once (the app and the market maker): every
// read-then-insert transaction (read the last price, then insert) commits, none ends in SQLITE_BUSY.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, createDbClient } from "@/lib/db-client";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-writers-"));
const databaseUrl = `file:${path.join(dir, "writers.db")}`;
const WRITER = path.join(import.meta.dirname, "fixtures", "write-trades.ts");
const TRADES_PER_WRITER = 150;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  const db = createDbClient(databaseUrl);
  await db.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1 } });
  await db.trade.create({ data: { marketId: "btcusd", side: "buy", price: "64000", amount: "1" } });
  await db.$disconnect();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A writer process and its stdout lines, read in order. */
function startWriter(side: "buy" | "sell") {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", WRITER, databaseUrl, String(TRADES_PER_WRITER), side],
    { cwd: process.cwd(), stdio: "pipe" },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  async function nextLine(): Promise<string> {
    const line = await lines.next();
    if (line.done) throw new Error(`writer ended early (exit ${await exited}): ${stderr}`);
    return line.value;
  }
  return { child, nextLine, exited };
}

describe("concurrent writers on one SQLite file", () => {
  it("waits for another connection's write lock (busy timeout set on every connection)", async () => {
    const db = createDbClient(databaseUrl);
    try {
      const rows = await db.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
      expect(rows.map((row) => Number(row.timeout))).toEqual([BUSY_TIMEOUT_MS]);
    } finally {
      await db.$disconnect();
    }
  });

  it("both processes record every trade", async () => {
    const writers = [startWriter("buy"), startWriter("sell")];
    expect(await Promise.all(writers.map((writer) => writer.nextLine()))).toEqual(["ready", "ready"]);
    for (const writer of writers) writer.child.stdin.write("go\n");
    const results = await Promise.all(writers.map(async (writer) => JSON.parse(await writer.nextLine()) as unknown));
    expect(results).toEqual([
      { recorded: TRADES_PER_WRITER, errors: [] },
      { recorded: TRADES_PER_WRITER, errors: [] },
    ]);
    expect(await Promise.all(writers.map((writer) => writer.exited))).toEqual([0, 0]);

    const db = createDbClient(databaseUrl);
    try {
      expect(await db.trade.count()).toBe(1 + 2 * TRADES_PER_WRITER);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);
});
