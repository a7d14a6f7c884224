// What PostgreSQL answers when two app instances' transactions conflict, as the order commands see it
// (lib/exchange/command-locks.ts): a real deadlock between two clients (each updates the two accounts the
// other holds, in opposite order) rolls one transaction back with an error isTransactionConflict accepts, so
// runMarketCommand tries that command again; the other commits. A unique-key refusal is not a conflict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db-client";
import { isTransactionConflict } from "@/lib/exchange/command-locks";
import { postgresForFile } from "@/tests/support/postgres";
import { createExchangeDb, createMember, type ExchangeDb } from "../support/exchange-db";

const postgres = postgresForFile();
let db: ExchangeDb;
let other: DbClient;
beforeAll(async () => {
  db = await createExchangeDb("pg-conflicts", "50000", postgres);
  other = createDbClient(db.databaseUrl);
});
afterAll(async () => {
  await other.$disconnect();
  await db.close();
});

/** Adds 1 unit to `first`'s then `second`'s usd balance in one transaction, waiting at `meet` in between. */
async function crossUpdate(client: DbClient, first: string, second: string, meet: Promise<unknown>, arrived: () => void): Promise<void> {
  await client.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Account" SET "balance" = "balance" + 1 WHERE "userId" = ${first} AND "currencyId" = 'usd'`;
    arrived();
    await meet;
    await tx.$executeRaw`UPDATE "Account" SET "balance" = "balance" + 1 WHERE "userId" = ${second} AND "currencyId" = 'usd'`;
  });
}

describe("conflicts between two instances on PostgreSQL", () => {
  it("a deadlock rolls one transaction back with an error the command retries; the other commits", async () => {
    const alice = await createMember(db.client, "alice", { usd: "10" });
    const bob = await createMember(db.client, "bob", { usd: "10" });
    let arrivals = 0;
    let bothArrived!: () => void;
    const meet = new Promise<void>((resolve) => (bothArrived = resolve));
    const arrived = () => {
      arrivals += 1;
      if (arrivals === 2) bothArrived();
    };
    const results = await Promise.allSettled([crossUpdate(db.client, alice, bob, meet, arrived), crossUpdate(other, bob, alice, meet, arrived)]);
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(isTransactionConflict(failed[0]!.reason)).toBe(true);
    // The survivor added 1 unit to each (10 usd is 1,000,000,000 units); the victim nothing.
    const balances = await db.client.account.findMany({ where: { userId: { in: [alice, bob] }, currencyId: "usd" }, select: { balance: true } });
    expect(balances.map((row) => row.balance)).toEqual([1_000_000_001n, 1_000_000_001n]);
  });

  it("a unique-key refusal is not a conflict", async () => {
    const carol = await createMember(db.client, "carol", {});
    await db.client.voidedClientKey.create({ data: { userId: carol, clientKey: "k" } });
    const error = await db.client.$executeRaw`INSERT INTO "VoidedClientKey" ("userId", "clientKey") VALUES (${carol}, 'k')`.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(isTransactionConflict(error)).toBe(false);
  });
});
