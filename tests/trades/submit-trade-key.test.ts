// The trade form's submission key against a real migrated SQLite file: a repeat of a key (in sequence,
// or racing from several connections as several app processes would) records one trade and answers
// every repeat with the original result and text; keys are per trader; a missing or malformed key is
// refused before anything is written.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db";
import type { TradeFormState } from "@/lib/schemas/trade";
import { submitTrade } from "@/lib/trades/submit-trade";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-submit-key-"));
const databaseUrl = `file:${path.join(dir, "trades.db")}`;
let db: DbClient;
let aliceId = "";
let bobId = "";

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  db = createDbClient(databaseUrl);
  await db.market.create({ data: { id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd", position: 1 } });
  await db.trade.create({ data: { marketId: "btcusd", side: "buy", price: "64000", amount: "1" } });
  aliceId = (await db.user.create({ data: { email: "alice@x.test", name: "Alice", passwordHash: "h", sn: "a".repeat(32) } })).id;
  bobId = (await db.user.create({ data: { email: "bob@x.test", name: "Bob", passwordHash: "h", sn: "b".repeat(32) } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const SUBMITTER = path.join(import.meta.dirname, "fixtures", "submit-with-key.ts");

/** One answer of a submitter process. */
interface RacedAnswer {
  state: TradeFormState;
  recorded: boolean;
}

/** A submitter process (tests/trades/fixtures/submit-with-key.ts) and its stdout lines, read in order. */
function startSubmitter() {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", SUBMITTER, databaseUrl], { cwd: process.cwd(), stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  async function nextLine(): Promise<string> {
    const line = await lines.next();
    if (line.done) throw new Error(`submitter ended early (exit ${await exited}): ${stderr}`);
    return line.value;
  }
  return { child, nextLine, exited };
}

let amounts = 0;

/** Form fields of a new trade intent: a fresh key and an amount no other test uses. */
function newSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  amounts += 1;
  return { marketId: "btcusd", side: "buy", price: "64000", amount: `0.${String(amounts).padStart(4, "0")}1`, clientKey: randomUUID(), ...overrides };
}

/** How many trades and trade notifications exist with this amount (each test's amounts are its own). */
async function stored(amount: unknown): Promise<{ trades: number; notifications: number }> {
  const trades = await db.trade.findMany({ where: { amount: String(amount) }, select: { id: true } });
  const notifications = await db.notification.count({ where: { tradeId: { in: trades.map((trade) => trade.id) } } });
  return { trades: trades.length, notifications };
}

describe("submitTrade: one trade per submission key", () => {
  it("answers a repeat of the same key with the original result and text, and records nothing more", async () => {
    const fields = newSubmission();
    const first = await submitTrade(db, aliceId, fields);
    expect(first.state).toMatchObject({ status: "success", message: `Bought ${String(fields.amount)} BTC at 64,000.00 USD.` });
    expect(first.recorded).not.toBeNull();

    const repeat = await submitTrade(db, aliceId, fields);
    expect(repeat.state).toEqual(first.state);
    // Nothing new to announce: the original was announced when it was recorded.
    expect(repeat.recorded).toBeNull();
    expect(await stored(fields.amount)).toEqual({ trades: 1, notifications: 1 });
  });

  it("answers with the original even when the repeat carries other values (the key names the submission)", async () => {
    const fields = newSubmission();
    const first = await submitTrade(db, aliceId, fields);
    const altered = await submitTrade(db, aliceId, { ...fields, side: "sell", amount: "7.77" });
    expect(altered.state).toEqual(first.state);
    expect(await stored(fields.amount)).toEqual({ trades: 1, notifications: 1 });
    expect(await stored("7.77")).toEqual({ trades: 0, notifications: 0 });
  });

  it("records one trade when the same key races in from several app processes at once", async () => {
    // Separate processes with their own SQLite connections, as `npm start` and a second app would have.
    const processes = [startSubmitter(), startSubmitter()];
    try {
      expect(await Promise.all(processes.map((submitter) => submitter.nextLine()))).toEqual(["ready", "ready"]);
      for (let round = 0; round < 10; round += 1) {
        const fields = newSubmission();
        const line = `${JSON.stringify({ userId: aliceId, fields, copies: 2 })}\n`;
        for (const submitter of processes) submitter.child.stdin.write(line);
        const answers = (await Promise.all(processes.map(async (submitter) => JSON.parse(await submitter.nextLine()) as RacedAnswer[]))).flat();
        expect(answers.map((answer) => answer.state.status)).toEqual(["success", "success", "success", "success"]);
        for (const answer of answers) expect(answer.state).toEqual(answers[0]?.state);
        // Exactly one of them recorded (and announces) the trade; the others answered with it.
        expect(answers.filter((answer) => answer.recorded)).toHaveLength(1);
        expect(await stored(fields.amount)).toEqual({ trades: 1, notifications: 1 });
      }
    } finally {
      for (const submitter of processes) submitter.child.stdin.end();
      expect(await Promise.all(processes.map((submitter) => submitter.exited))).toEqual([0, 0]);
    }
  }, 60_000);

  it("gives each new key its own trade", async () => {
    const fields = newSubmission();
    await submitTrade(db, aliceId, fields);
    await submitTrade(db, aliceId, { ...fields, clientKey: randomUUID() });
    expect(await stored(fields.amount)).toEqual({ trades: 2, notifications: 2 });
  });

  it("keeps keys per trader: another trader's key is just a new key of their own", async () => {
    const fields = newSubmission();
    const alices = await submitTrade(db, aliceId, fields);
    const bobs = await submitTrade(db, bobId, fields);
    expect(bobs.recorded).not.toBeNull();
    expect(bobs.state.trade?.id).not.toBe(alices.state.trade?.id);
    const owners = await db.trade.findMany({ where: { amount: String(fields.amount) }, select: { userId: true }, orderBy: { id: "asc" } });
    expect(owners.map((row) => row.userId)).toEqual([aliceId, bobId]);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a UUID", "not-a-uuid"],
    ["a UUID with junk around it", ` ${randomUUID()}x`],
    ["too long", "a".repeat(10_000)],
  ])("refuses a %s key before writing anything", async (_label, clientKey) => {
    const fields = newSubmission({ clientKey });
    const answer = await submitTrade(db, aliceId, fields);
    expect(answer.state.status).toBe("error");
    expect(answer.state.message).toBe("Your trade was not recorded: this page sent no valid submission key. Reload the page and try again.");
    expect(answer.recorded).toBeNull();
    expect(await stored(fields.amount)).toEqual({ trades: 0, notifications: 0 });
  });
});
