// The better-sqlite3 adapter with its statements cached (lib/db-statement-cache.ts): each SQL text is
// compiled once per connection, and every run still gets its own arguments and answers as the adapter
// answers without the cache (reads, writes, a refused write followed by good ones, transactions through
// the app's client).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/db-client";
import { cacheStatements, STATEMENT_CACHE_SIZE } from "@/lib/db-statement-cache";
import { createMigratedDatabase } from "@/tests/support/migrated-database";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-statement-cache-"));
const file = path.join(dir, "cache.db");

beforeAll(async () => {
  await createMigratedDatabase(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = { scalarType: "string", arity: "scalar" } as const;
const int = { scalarType: "int", arity: "scalar" } as const;

function query(sql: string, args: unknown[], argTypes: SqlQuery["argTypes"]): SqlQuery {
  return { sql, args, argTypes };
}

/** A cached adapter on the test file, and how many times its connection compiled each SQL text. */
async function openCached(): Promise<{ adapter: SqlDriverAdapter; compiled: Map<string, number> }> {
  const adapter = await new PrismaBetterSqlite3({ url: file }).connect();
  const connection = Reflect.get(adapter, "client") as { prepare(sql: string): unknown };
  const prepare = connection.prepare.bind(connection);
  const compiled = new Map<string, number>();
  connection.prepare = (sql: string) => {
    compiled.set(sql, (compiled.get(sql) ?? 0) + 1);
    return prepare(sql);
  };
  return { adapter: cacheStatements(adapter), compiled };
}

const insertCurrency = `INSERT INTO "Currency" ("id", "scale", "position") VALUES (?, ?, ?)`;
const readCurrency = `SELECT "id", "scale", "position" FROM "Currency" WHERE "id" = ?`;

describe("cached statements", () => {
  it("compiles each SQL text once and runs it with each call's own arguments", async () => {
    const { adapter, compiled } = await openCached();
    try {
      for (const [id, scale] of [["aaa", 2], ["bbb", 4], ["ccc", 6]] as const) {
        expect(await adapter.executeRaw(query(insertCurrency, [id, scale, 9], [text, int, int]))).toBe(1);
      }
      for (const [id, scale] of [["bbb", 4], ["aaa", 2], ["ccc", 6], ["bbb", 4]] as const) {
        const result = await adapter.queryRaw(query(readCurrency, [id], [text]));
        expect(result.columnNames).toEqual(["id", "scale", "position"]);
        expect(result.rows).toEqual([[id, scale, 9]]);
      }
      expect((await adapter.queryRaw(query(readCurrency, ["zzz"], [text]))).rows).toEqual([]);
      expect(compiled.get(insertCurrency)).toBe(1);
      expect(compiled.get(readCurrency)).toBe(1);
    } finally {
      await adapter.dispose();
    }
  });

  it("a refused write leaves the statement usable for the next call", async () => {
    const { adapter } = await openCached();
    try {
      await expect(adapter.executeRaw(query(insertCurrency, ["aaa", 3, 9], [text, int, int]))).rejects.toThrow();
      expect(await adapter.executeRaw(query(insertCurrency, ["ddd", 8, 9], [text, int, int]))).toBe(1);
      expect((await adapter.queryRaw(query(readCurrency, ["aaa"], [text]))).rows).toEqual([["aaa", 2, 9]]);
    } finally {
      await adapter.dispose();
    }
  });

  it("keeps at most STATEMENT_CACHE_SIZE statements and compiles an evicted one again", async () => {
    const { adapter, compiled } = await openCached();
    try {
      const distinct = (n: number) => `SELECT ? + ${n} AS "sum"`;
      for (let n = 0; n <= STATEMENT_CACHE_SIZE; n += 1) {
        expect((await adapter.queryRaw(query(distinct(n), [1], [int]))).rows).toEqual([[n + 1]]);
      }
      expect((await adapter.queryRaw(query(distinct(STATEMENT_CACHE_SIZE), [2], [int]))).rows).toEqual([[STATEMENT_CACHE_SIZE + 2]]);
      expect(compiled.get(distinct(STATEMENT_CACHE_SIZE))).toBe(1);
      expect((await adapter.queryRaw(query(distinct(0), [5], [int]))).rows).toEqual([[5]]);
      expect(compiled.get(distinct(0))).toBe(2);
    } finally {
      await adapter.dispose();
    }
  });

  it("the app's client: transactions commit and roll back through cached statements", async () => {
    const client = createDbClient(`file:${file}`);
    try {
      await client.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "Currency" ("id", "scale", "position") VALUES (${"eee"}, ${8}, ${9})`;
      });
      await expect(
        client.$transaction(async (tx) => {
          await tx.$executeRaw`INSERT INTO "Currency" ("id", "scale", "position") VALUES (${"fff"}, ${8}, ${9})`;
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      const ids = await client.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Currency" WHERE "id" IN (${"eee"}, ${"fff"}) ORDER BY "id"`;
      expect(ids.map((row) => row.id)).toEqual(["eee"]);
    } finally {
      await client.$disconnect();
    }
  });
});
