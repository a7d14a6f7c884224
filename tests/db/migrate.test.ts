// Offline migrations: a fresh file gets the schema, re-applying is a no-op, and decimals round-trip exactly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createDbClient } from "@/lib/db";
import { applyMigrations, readMigrationsList } from "@/scripts/lib/migrations";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-migrate-"));
const databaseUrl = `file:${path.join(dir, "nested", "folder", "test.db")}`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tableNames(): string[] {
  const connection = new Database(path.join(dir, "nested", "folder", "test.db"), { readonly: true });
  try {
    const rows = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return rows.map((row) => (row as { name: string }).name);
  } finally {
    connection.close();
  }
}

describe("applyMigrations", () => {
  it("creates the file, its folder and every table on a fresh database", async () => {
    const expected = readMigrationsList().migrationDirectories.map((directory) => directory.path);
    expect(await applyMigrations(databaseUrl)).toEqual(expected);
    expect(tableNames()).toEqual(
      expect.arrayContaining(["Market", "Notification", "Trade", "User", "_prisma_migrations"]),
    );
  });

  it("is a no-op the second time", async () => {
    expect(await applyMigrations(databaseUrl)).toEqual([]);
  });

  it("lets the Prisma client store and read back decimals exactly", async () => {
    const client = createDbClient(databaseUrl);
    try {
      await client.market.create({ data: { id: "testusd", name: "TEST/USD", baseUnit: "test", quoteUnit: "usd" } });
      const price = new Prisma.Decimal("0.1").plus("0.2");
      const created = await client.trade.create({
        data: { marketId: "testusd", side: "buy", price, amount: "1.23456789" },
      });
      const read = await client.trade.findUniqueOrThrow({ where: { id: created.id } });
      expect(read.price.toString()).toBe("0.3");
      expect(read.price.equals(new Prisma.Decimal("0.3"))).toBe(true);
      expect(read.amount.toString()).toBe("1.23456789");
    } finally {
      await client.$disconnect();
    }
  });
});
