// Reads DATABASE_URL: which database it names (a SQLite file by default, or PostgreSQL), the SQLite file as one absolute path shared by the app and scripts, a postgresql:// URL as pg config.
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

/** `file:<absolute path>` form of `databaseUrl`, safe to hand to child processes with another cwd (a postgresql:// URL as is). */
export function absoluteDatabaseUrl(databaseUrl: string = DEFAULT_DATABASE_URL, baseDir: string = process.cwd()): string {
  if (databaseProviderOf(databaseUrl) === "postgresql") return databaseUrl;
  const file = sqliteFilePath(databaseUrl, baseDir);
  return file === ":memory:" ? file : `file:${file}`;
}

/** Which database a DATABASE_URL names: postgresql:// (or postgres://) is PostgreSQL, anything else a SQLite file. */
export type DatabaseProvider = "sqlite" | "postgresql";

/** The provider of `databaseUrl` (see DatabaseProvider). */
export function databaseProviderOf(databaseUrl: string = DEFAULT_DATABASE_URL): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? "postgresql" : "sqlite";
}

/**
 * A postgresql:// URL as pg's pool config fields (host, port, user, password, database, and `sslmode` /
 * `application_name` from the query): fields rather than a connection string, so a copy of the config with
 * another `database` connects there (pg lets a connection string win over the fields).
 */
export function postgresPoolConfig(databaseUrl: string): { host: string; port: number; user: string; password?: string; database: string; ssl?: boolean; application_name?: string } {
  const url = new URL(databaseUrl);
  const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, "$1");
  const socketHost = url.searchParams.get("host");
  const sslMode = url.searchParams.get("sslmode");
  const applicationName = url.searchParams.get("application_name");
  return {
    host: socketHost ?? (host || "localhost"),
    port: url.port === "" ? 5432 : Number(url.port),
    user: decodeURIComponent(url.username || "postgres"),
    ...(url.password === "" ? {} : { password: decodeURIComponent(url.password) }),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
    ...(sslMode === null || sslMode === "disable" ? {} : { ssl: true }),
    ...(applicationName === null ? {} : { application_name: applicationName }),
  };
}
