// One schema, two migration histories (issue 12): prisma/postgresql/schema.prisma is exactly what
// prisma/schema.prisma derives to, neither history lags behind its schema, and a real PostgreSQL migrated
// with prisma/postgresql/migrations has the same tables, columns (names, nullability, types), primary
// keys, indexes, unique constraints and foreign keys as a SQLite file migrated with prisma/migrations.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATION_TARGETS, pendingMigration, readMigrationsList } from "@/scripts/lib/migrations";
import { POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH, toPostgresSchema } from "@/scripts/lib/prisma-schemas";
import { postgresForFile } from "@/tests/support/postgres";

/** A database's shape, comparable across the two providers. */
interface Shape {
  tables: Record<string, { columns: Record<string, { type: string; nullable: boolean }>; primaryKey: string[] }>;
  /** name -> "table(col, col) unique?" */
  indexes: Record<string, string>;
  /** "table(cols) -> table(cols) on delete X" */
  foreignKeys: string[];
}

/** Column types by what they hold: the SQLite names Prisma writes and PostgreSQL's information_schema names. */
const TYPE_CLASS: Record<string, string> = {
  TEXT: "text",
  INTEGER: "int32",
  BIGINT: "int64",
  DECIMAL: "decimal",
  DATETIME: "datetime",
  text: "text",
  integer: "int32",
  bigint: "int64",
  numeric: "decimal",
  "timestamp without time zone": "datetime",
};

function typeClass(type: string): string {
  return TYPE_CLASS[type] ?? `unknown:${type}`;
}

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const shape: Shape = { tables: {}, indexes: {}, foreignKeys: [] };
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      if (IGNORED_TABLES.has(name)) continue;
      const columns = db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      shape.tables[name] = {
        columns: Object.fromEntries(columns.map((column) => [column.name, { type: typeClass(column.type), nullable: column.notnull === 0 && column.pk === 0 }])),
        primaryKey: columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name),
      };
      const indexes = db.prepare(`PRAGMA index_list("${name}")`).all() as Array<{ name: string; unique: number; origin: string }>;
      for (const index of indexes) {
        if (index.origin === "pk") continue;
        const parts = db.prepare(`PRAGMA index_info("${index.name}")`).all() as Array<{ seqno: number; name: string }>;
        shape.indexes[index.name] = `${name}(${parts.sort((a, b) => a.seqno - b.seqno).map((part) => part.name).join(", ")})${index.unique ? " unique" : ""}`;
      }
      const keys = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Array<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>;
      const byId = new Map<number, typeof keys>();
      for (const key of keys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);
      for (const parts of byId.values()) {
        parts.sort((a, b) => a.seq - b.seq);
        shape.foreignKeys.push(`${name}(${parts.map((p) => p.from).join(", ")}) -> ${parts[0]!.table}(${parts.map((p) => p.to).join(", ")}) on delete ${parts[0]!.on_delete}`);
      }
    }
    shape.foreignKeys.sort();
    return shape;
  } finally {
    db.close();
  }
}

const PG_ON_DELETE: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const shape: Shape = { tables: {}, indexes: {}, foreignKeys: [] };
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    for (const column of columns.rows) {
      if (IGNORED_TABLES.has(column.table_name)) continue;
      const table = (shape.tables[column.table_name] ??= { columns: {}, primaryKey: [] });
      table.columns[column.column_name] = { type: typeClass(column.data_type), nullable: column.is_nullable === "YES" };
    }
    const indexes = await client.query<{ index_name: string; table_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(`
      SELECT i.relname AS index_name, t.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
        array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      GROUP BY i.relname, t.relname, ix.indisunique, ix.indisprimary`);
    for (const index of indexes.rows) {
      if (IGNORED_TABLES.has(index.table_name)) continue;
      if (index.is_primary) {
        const table = shape.tables[index.table_name];
        if (table) table.primaryKey = index.columns;
        continue;
      }
      shape.indexes[index.index_name] = `${index.table_name}(${index.columns.join(", ")})${index.is_unique ? " unique" : ""}`;
    }
    const keys = await client.query<{ table_name: string; columns: string[]; target: string; target_columns: string[]; on_delete: string }>(`
      SELECT t.relname AS table_name, r.relname AS target, c.confdeltype::text AS on_delete,
        ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
        ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS target_columns
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      WHERE c.contype = 'f'`);
    for (const key of keys.rows) {
      shape.foreignKeys.push(`${key.table_name}(${key.columns.join(", ")}) -> ${key.target}(${key.target_columns.join(", ")}) on delete ${PG_ON_DELETE[key.on_delete] ?? key.on_delete}`);
    }
    shape.foreignKeys.sort();
    return shape;
  } finally {
    await client.end();
  }
}

const postgres = postgresForFile();
const dir = mkdtempSync(path.join(tmpdir(), "peatio-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("one schema, two migration histories", () => {
  it("prisma/postgresql/schema.prisma is prisma/schema.prisma with the provider swapped (run `npm run migrate -- create <name>` after a schema change)", () => {
    expect(readFileSync(POSTGRES_SCHEMA_PATH, "utf8")).toBe(toPostgresSchema(readFileSync(SQLITE_SCHEMA_PATH, "utf8")));
  });

  it("neither history lags behind its schema", async () => {
    expect(await pendingMigration(MIGRATION_TARGETS.sqlite, "drift_check", ":memory:")).toBeNull();
    const url = await postgres.server().createDatabase("peatio_drift_check");
    expect(await pendingMigration(MIGRATION_TARGETS.postgresql, "drift_check", url)).toBeNull();
  }, 60_000);

  it("both histories build the same tables, columns, keys and indexes; decimals are numeric on PostgreSQL", async () => {
    const file = path.join(dir, "shape.db");
    await applyMigrations(`file:${file}`);
    const url = await postgres.server().createDatabase("peatio_shape");
    const applied = await applyMigrations(url);
    expect(applied).toEqual(readMigrationsList(MIGRATION_TARGETS.postgresql.migrationsDir).migrationDirectories.map((migration) => migration.path));
    expect(await applyMigrations(url)).toEqual([]); // idempotent, as deploy is

    const sqlite = sqliteShape(file);
    const postgresql = await postgresShape(url);
    expect(Object.keys(sqlite.tables).length).toBeGreaterThan(5);
    expect(postgresql).toEqual(sqlite);
    expect(postgresql.tables.Trade?.columns.price).toEqual({ type: "decimal", nullable: false });
  }, 60_000);
});
