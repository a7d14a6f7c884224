// A throwaway PostgreSQL server (Debian's `postgresql` package) in a temp directory on a free loopback
// port: for tests and for `npm run migrate -- create` (the schema engine replays the PostgreSQL history
// on it). Trust auth as user `postgres`, no durability (fsync off): nothing here outlives the process.
//
// pg_ctl starts the server in its own session, so it survives the process that started it, and an exit
// hook does not run when that process is ended by a signal (Vitest ends its workers with SIGTERM, Stryker
// kills them on a timeout). So each server gets a watchdog: a small detached shell that reads a pipe from
// this process and, at end of file (stop() closed it, or this process ended in any way, SIGKILL too), stops
// the server (immediate) and removes its directory.
//
// PostgreSQL refuses to run as root: when we are root the directory is handed to the `postgres` user and
// initdb / pg_ctl run through `runuser -u postgres`.
import { execFile, spawn, type ChildProcess } from "node:child_process";
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

/** The watchdog's script: $1 the directory, $2 the cluster, then the pg_ctl command. */
const WATCHDOG = 'dir=$1; data=$2; shift 2; cat >/dev/null; "$@" -D "$data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$dir"';

/** Starts the detached watchdog of a server's directory (see the header); closing its stdin stops and removes the server. */
function watchServer(dir: string, data: string): ChildProcess {
  const watchdog = spawn("sh", ["-c", WATCHDOG, "postgres-watchdog", dir, data, ...serverToolCommand("pg_ctl")], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  watchdog.unref();
  return watchdog;
}

/** Closes the watchdog's pipe and waits until it has stopped the server and removed its directory. */
async function stopWatchedServer(watchdog: ChildProcess): Promise<void> {
  if (watchdog.exitCode !== null || watchdog.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => watchdog.once("exit", () => resolve()));
  watchdog.ref(); // an unreferenced child would let this process end before the await resolves
  watchdog.stdin?.end();
  await exited;
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
  const watchdog = watchServer(dir, data);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  try {
    await runServerTool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    await runServerTool("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  } catch (error) {
    await stopWatchedServer(watchdog);
    rmSync(dir, { recursive: true, force: true });
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
      await stopWatchedServer(watchdog);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `postgres` system user's uid and gid (the package creates it). */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
