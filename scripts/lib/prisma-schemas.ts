// The two Prisma schemas: prisma/schema.prisma (SQLite) is the one edited by hand; the PostgreSQL one,
// prisma/postgresql/schema.prisma, is derived from it (the provider and the client's output path swapped)
// and written by `npm run migrate -- create`; tests/db/postgres-migrations.test.ts fails when it drifts.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./paths.ts";

/** The hand-edited schema (SQLite). */
export const SQLITE_SCHEMA_PATH = path.join(REPO_ROOT, "prisma", "schema.prisma");
/** The derived schema (PostgreSQL), next to its migrations folder. */
export const POSTGRES_SCHEMA_PATH = path.join(REPO_ROOT, "prisma", "postgresql", "schema.prisma");

const HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run migrate -- create` (scripts/lib/prisma-schemas.ts): do not edit.\n" +
  "// The same models on PostgreSQL (issue 12): Decimal columns are numeric, BigInt int8, DateTime timestamp(3).\n";

/** Replaces exactly one occurrence of `from` in `text`; throws when it is missing (the source changed shape). */
function replaceOnce(text: string, from: RegExp, to: string): string {
  if (!from.test(text)) throw new Error(`prisma/schema.prisma: ${from} not found: update scripts/lib/prisma-schemas.ts`);
  return text.replace(from, to);
}

/** The PostgreSQL schema text for a SQLite schema text: provider postgresql, client generated into lib/generated/prisma-postgresql. */
export function toPostgresSchema(sqliteSchema: string): string {
  let text = replaceOnce(sqliteSchema, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  text = replaceOnce(text, /(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-postgresql"');
  return HEADER + text;
}

/** Reads a schema file as the schema engine wants it. */
export function readSchemaFile(file: string): { path: string; content: string } {
  return { path: file, content: readFileSync(file, "utf8") };
}

/** Writes prisma/postgresql/schema.prisma from prisma/schema.prisma; returns whether it changed. */
export function writePostgresSchema(): boolean {
  const next = toPostgresSchema(readFileSync(SQLITE_SCHEMA_PATH, "utf8"));
  let current = "";
  try {
    current = readFileSync(POSTGRES_SCHEMA_PATH, "utf8");
  } catch {
    // first time
  }
  if (current === next) return false;
  writeFileSync(POSTGRES_SCHEMA_PATH, next);
  return true;
}
