// A throwaway PostgreSQL server (Debian's `postgresql` package) in a temp directory on a free loopback
// port: for tests and for `npm run migrate -- create` (the schema engine replays the PostgreSQL history
// on it). Trust auth as user `postgres`, no durability (fsync off): nothing here outlives the process.
//
// PostgreSQL refuses to run as root: when we are root the directory is handed to the `postgres` user and
// initdb / pg_ctl run through `runuser -u postgres`.
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./processes.ts";

const run = promisify(execFile);

/** A running server. */
export interface PostgresServer {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  urlOf(database: string): string;
  /** Creates an empty database (`CREATE DATABASE`); returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown) and removes its directory. */
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

/** Data directories of the servers this process started and has not stopped yet. */
const running = new Set<string>();

/** Stops and removes what is still running when this process exits without having stopped it (a failed test run). */
function stopLeftoversAtExit(): void {
  for (const data of running) {
    const binary = path.join(postgresBinDir(), "pg_ctl");
    const args = ["-D", data, "-m", "immediate", "stop"];
    try {
      if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", binary, ...args], { stdio: "ignore" });
      else execFileSync(binary, args, { stdio: "ignore" });
    } catch {
      // already gone
    }
    rmSync(path.dirname(data), { recursive: true, force: true });
  }
}
process.once("exit", stopLeftoversAtExit);

/** Runs a server binary, as the `postgres` user when we are root. */
async function runServerTool(tool: string, args: string[]): Promise<void> {
  const binary = path.join(postgresBinDir(), tool);
  const asRoot = process.getuid?.() === 0;
  try {
    await (asRoot ? run("runuser", ["-u", "postgres", "--", binary, ...args]) : run(binary, args));
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
  await runServerTool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  try {
    await runServerTool("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  running.add(data);
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
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
      await runServerTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      running.delete(data);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `postgres` system user's uid and gid (the package creates it). */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
