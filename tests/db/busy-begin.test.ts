// A transaction that cannot get SQLite's write lock within the busy timeout fails (SQLITE_BUSY), and the
// client stays usable: the next transaction runs once the lock is free. (The better-sqlite3 adapter
// takes its own mutex before BEGIN and never released it when BEGIN threw, so every later transaction
// of that client waited forever: one starved moment wedged a whole app process.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/db-client";
import { applyMigrations } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-busy-begin-"));
const file = path.join(dir, "busy.db");
const databaseUrl = `file:${file}`;

beforeAll(async () => {
  await applyMigrations(databaseUrl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("BEGIN IMMEDIATE refused by a busy database", () => {
  it("fails that transaction only; the client's next transaction runs", async () => {
    const client = createDbClient(databaseUrl, { busyTimeoutMs: 100 });
    const other = new Database(file);
    try {
      other.exec("BEGIN IMMEDIATE"); // another process holds the write lock past the busy timeout
      await expect(client.$transaction(async (tx) => tx.market.count())).rejects.toThrow(/timed out|busy|locked/i);
      other.exec("COMMIT");
      expect(await client.$transaction(async (tx) => tx.market.count(), { maxWait: 5_000 })).toBe(0);
      await client.$transaction(async (tx) => tx.market.create({ data: { id: "busyusd", name: "BUSY/USD", baseUnit: "busy", quoteUnit: "usd" } }));
      expect(await client.market.count()).toBe(1);
    } finally {
      other.close();
      await client.$disconnect();
    }
  });
});
