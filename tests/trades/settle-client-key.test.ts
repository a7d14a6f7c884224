// Settling a submission whose answer was lost, against a real migrated SQLite file: the trader's trade
// under the key with the action's very answer, or "not recorded" (and then that key never records, so a
// late request cannot make the answer false); another trader's key is answered like a missing one.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db";
import { NOT_RECORDED_MESSAGE } from "@/lib/schemas/trade";
import { settleClientKey } from "@/lib/trades/settle-client-key";
import { submitTrade } from "@/lib/trades/submit-trade";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-settle-key-"));
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

let amounts = 0;

/** Form fields of a new trade intent: a fresh key and an amount no other test uses. */
function newSubmission(): { marketId: string; side: string; price: string; amount: string; clientKey: string } {
  amounts += 1;
  return { marketId: "btcusd", side: "sell", price: "64000.5", amount: `0.${String(amounts).padStart(4, "0")}3`, clientKey: randomUUID() };
}

async function tradesWithAmount(amount: string): Promise<number> {
  return db.trade.count({ where: { amount } });
}

const NOT_RECORDED = { outcome: "not-recorded", message: NOT_RECORDED_MESSAGE };

describe("settleClientKey", () => {
  it("answers a recorded key with its trade and the action's very text", async () => {
    const fields = newSubmission();
    const { state } = await submitTrade(db, aliceId, fields);
    expect(state.status).toBe("success");
    expect(await settleClientKey(db, aliceId, fields.clientKey)).toEqual({ outcome: "recorded", trade: state.trade, message: state.message });
    // Asking again changes nothing.
    expect(await settleClientKey(db, aliceId, fields.clientKey)).toEqual({ outcome: "recorded", trade: state.trade, message: state.message });
    expect(await tradesWithAmount(fields.amount)).toBe(1);
  });

  it("answers another trader's key exactly like a key nobody used, and leaves the owner's answer alone", async () => {
    const fields = newSubmission();
    const { state } = await submitTrade(db, aliceId, fields);
    expect(await settleClientKey(db, bobId, fields.clientKey)).toEqual(NOT_RECORDED);
    expect(await settleClientKey(db, bobId, randomUUID())).toEqual(NOT_RECORDED);
    expect(await settleClientKey(db, aliceId, fields.clientKey)).toEqual({ outcome: "recorded", trade: state.trade, message: state.message });
    expect((await submitTrade(db, aliceId, fields)).state).toEqual(state);
    expect(await tradesWithAmount(fields.amount)).toBe(1);
  });

  it("once it said 'not recorded', the key never records: the lost request arriving late is refused", async () => {
    const fields = newSubmission();
    expect(await settleClientKey(db, aliceId, fields.clientKey)).toEqual(NOT_RECORDED);
    const late = await submitTrade(db, aliceId, fields);
    expect(late).toEqual({ state: { status: "error", message: NOT_RECORDED_MESSAGE }, recorded: null });
    expect(await tradesWithAmount(fields.amount)).toBe(0);
    expect(await settleClientKey(db, aliceId, fields.clientKey)).toEqual(NOT_RECORDED);
    // The trader's next try is a new submission with a new key: recorded.
    expect((await submitTrade(db, aliceId, { ...fields, clientKey: randomUUID() })).state.status).toBe("success");
    expect(await tradesWithAmount(fields.amount)).toBe(1);
  });

  it("agrees with a submission of the same key racing it: recorded and found, or voided and never recorded", async () => {
    for (let round = 0; round < 10; round += 1) {
      const fields = newSubmission();
      const [submission, settled] = await Promise.all([submitTrade(db, aliceId, fields), settleClientKey(db, aliceId, fields.clientKey)]);
      const trades = await tradesWithAmount(fields.amount);
      if (settled.outcome === "recorded") {
        expect(trades).toBe(1);
        expect(settled).toEqual({ outcome: "recorded", trade: submission.state.trade, message: submission.state.message });
      } else {
        expect(trades).toBe(0);
        expect(submission.state).toEqual({ status: "error", message: NOT_RECORDED_MESSAGE });
      }
    }
  });
});
