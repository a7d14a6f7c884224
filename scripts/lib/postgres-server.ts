// A throwaway PostgreSQL server (Debian's `postgresql` package) in a temp directory on a free loopback
// port: for tests and for `npm run migrate -- create` (the schema engine replays the PostgreSQL history
// on it). Trust auth as user `postgres`, no durability (fsync off): nothing here outlives the process.
//
// pg_ctl starts the server in its own session, so it survives the process that started it, and an exit
// hook does not run when that process is ended by a signal (Vitest ends its workers with SIGTERM, Stryker
// kills them on a timeout). So each server gets a watchdog: a small shell loop, started detached, that checks
// every second whether this process is still alive and the server's directory still there; when this process
// is gone (ended in any way, SIGKILL too) it stops the server (immediate) and removes the directory, and when
// stop() removed the directory it just ends. The loop runs in the background of a shell that exits at once, so
// init adopts it and it is no longer in this process's tree: Stryker ends a worker with tree-kill, which kills
// every process whose parent chain leads to the worker. (A pipe the watchdog reads until end of file does not
// survive that: Node closes a child's stdin when the child exits.)
//
// PostgreSQL refuses to run as root: when we are root the directory is handed to the `postgres` user and
// initdb / pg_ctl run through `runuser -u postgres`.
import { execFile, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./processes.ts";

const run = promisify(execFile);

/** A running server. */
export interface PostgresServer {
  port: number;
  /** The server's temp directory (its cluster is in `<dir>/data`). */
  dir: string;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  urlOf(database: string): string;
  /** Creates an empty database (`CREATE DATABASE`); returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate shutdown: nothing in it is kept) and removes its directory. */
  stop(): Promise<void>;
}

/** Where Debian's package puts the server binaries: PG_BIN, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, "bin", "pg_ctl"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error("PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)");
  return path.join(root, newest, "bin");
}

/** The command that runs a server binary: as the `postgres` user when we are root (PostgreSQL refuses root). */
function serverToolCommand(tool: string): string[] {
  const binary = path.join(postgresBinDir(), tool);
  return process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", binary] : [binary];
}

/** The watchdog's script: $1 the directory, $2 the cluster, $3 the pid to outlive, then the pg_ctl command. */
const WATCHDOG =
  'dir=$1; data=$2; owner=$3; shift 3; ( while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done; ' +
  'if [ -d "$dir" ]; then "$@" -D "$data" -m immediate -w stop; rm -rf "$dir"; fi ) </dev/null >/dev/null 2>&1 &';

/** Starts the watchdog of a server's directory (see the header). */
function watchServer(dir: string, data: string): void {
  spawn("sh", ["-c", WATCHDOG, "postgres-watchdog", dir, data, String(process.pid), ...serverToolCommand("pg_ctl")], { detached: true, stdio: "ignore" }).unref();
}

/** Stops the server of `data` (immediate: nothing in it is kept) and removes `dir`; the watchdog then ends. */
async function stopServer(dir: string, data: string): Promise<void> {
  await runServerTool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a server binary, as the `postgres` user when we are root. */
async function runServerTool(tool: string, args: string[]): Promise<void> {
  const [command = tool, ...prefix] = serverToolCommand(tool);
  try {
    await run(command, [...prefix, ...args]);
  } catch (error) {
    const output = error && typeof error === "object" ? `${String(Reflect.get(error, "stdout") ?? "")}${String(Reflect.get(error, "stderr") ?? "")}` : "";
    throw new Error(`${tool} ${args[0] ?? ""} failed: ${output || String(error)}`, { cause: error });
  }
}

/** Initializes a cluster in a new temp directory and starts it on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-pg-"));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  // Watched from before initdb: a process killed while the server starts leaves nothing either.
  watchServer(dir, data);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  try {
    await runServerTool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    await runServerTool("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  } catch (error) {
    // Nothing may have started: the directory goes either way.
    await stopServer(dir, data).catch(() => rmSync(dir, { recursive: true, force: true }));
    throw error;
  }
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    dir,
    port,
    urlOf,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} is not a plain identifier`);
      const { Client } = (await import("pg")).default;
      const client = new Client({ connectionString: urlOf("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async stop() {
      await stopServer(dir, data);
    },
  };
}

/** The `postgres` system user's uid and gid (the package creates it). */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
