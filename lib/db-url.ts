// Resolves a SQLite DATABASE_URL (file:./data/dev.db) to one absolute file path, shared by the app and scripts.
import path from "node:path";

/** Default database location when DATABASE_URL is unset (relative to the repo root / cwd). */
export const DEFAULT_DATABASE_URL = "file:./data/dev.db";

/**
 * Absolute path of the SQLite file named by `databaseUrl`. Relative paths resolve against `baseDir`
 * (the process cwd: `npm start`, `npm run *` and `next start` all run from the repo root), so Next and
 * the scripts always open the same file. `:memory:` is passed through.
 */
export function sqliteFilePath(databaseUrl: string = DEFAULT_DATABASE_URL, baseDir: string = process.cwd()): string {
  const withoutScheme = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  if (withoutScheme === ":memory:") return withoutScheme;
  if (withoutScheme === "") throw new Error(`DATABASE_URL has no file path: ${databaseUrl}`);
  return path.resolve(baseDir, withoutScheme);
}

/** `file:<absolute path>` form of `databaseUrl`, safe to hand to child processes with another cwd. */
export function absoluteDatabaseUrl(databaseUrl: string = DEFAULT_DATABASE_URL, baseDir: string = process.cwd()): string {
  const file = sqliteFilePath(databaseUrl, baseDir);
  return file === ":memory:" ? file : `file:${file}`;
}
