// A fresh SQLite file with every committed migration applied, for tests: the migrations run once per
// machine and migration set (an empty template in the temp dir, keyed by the migrations' SQL) and each
// test database is a copy of it. Applying them through the schema engine costs about a second a file,
// which every test file would pay, and mutation testing on every mutant it runs.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { applyMigrations, readMigrationsList } from "@/scripts/lib/migrations";

/** The migrated empty template's path, built first when this machine has none for these migrations. */
async function migratedTemplate(): Promise<string> {
  const migrations = readMigrationsList().migrationDirectories.map((directory) => [directory.path, directory.migrationFile.content]);
  const hash = createHash("sha256").update(JSON.stringify(migrations)).digest("hex").slice(0, 16);
  const template = path.join(tmpdir(), `peatio-migrated-template-${hash}.db`);
  if (existsSync(template)) return template;
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-migrated-template-"));
  const building = path.join(dir, "template.db");
  await applyMigrations(`file:${building}`);
  // Everything into the main file (it stays in WAL mode), so a copy of that one file is the whole database.
  const connection = new Database(building);
  connection.pragma("wal_checkpoint(TRUNCATE)");
  connection.close();
  renameSync(building, template); // atomic: a test process building at the same time writes the same content
  rmSync(dir, { recursive: true, force: true });
  return template;
}

/** Creates `file` as a migrated, empty database (as applyMigrations on a new file would leave it). */
export async function createMigratedDatabase(file: string): Promise<void> {
  copyFileSync(await migratedTemplate(), file);
}
