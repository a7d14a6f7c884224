// A real PostgreSQL for a test file (Debian's `postgresql` package, scripts/lib/postgres-server.ts): one
// server per file, started in beforeAll and stopped in afterAll, and migrated databases made from a
// template (the PostgreSQL history applied once per server, each database a `CREATE DATABASE ... TEMPLATE`
// copy, a few milliseconds).
import { afterAll, beforeAll } from "vitest";
import pg from "pg";
import { startPostgres, type PostgresServer } from "@/scripts/lib/postgres-server";
import { applyMigrations } from "@/scripts/lib/migrations";

const TEMPLATE = "peatio_template";

/** The file's server: `server()` once beforeAll ran; `createMigratedDatabase()` gives a new empty migrated database's URL. */
export interface PostgresForTests {
  server(): PostgresServer;
  createMigratedDatabase(): Promise<string>;
}

let databaseCount = 0;

/** Starts PostgreSQL before the file's tests and stops it after them. */
export function postgresForFile(): PostgresForTests {
  let starting: Promise<PostgresServer> | undefined;
  let running: PostgresServer | undefined;
  let template: Promise<void> | undefined;
  beforeAll(async () => {
    starting = startPostgres();
    running = await starting;
  });
  afterAll(async () => {
    // Waits for a start that outlived beforeAll's timeout (a loaded machine) so that server is stopped too.
    const server = await starting?.catch(() => undefined);
    await server?.stop();
  });
  const server = () => {
    if (running === undefined) throw new Error("PostgreSQL is not running (call postgresForFile() at the top of the test file)");
    return running;
  };
  return {
    server,
    async createMigratedDatabase() {
      const current = server();
      template ??= current.createDatabase(TEMPLATE).then(async (url) => {
        await applyMigrations(url);
      });
      await template;
      databaseCount += 1;
      const name = `peatio_test_${process.pid}_${databaseCount}`;
      const admin = new pg.Client({ connectionString: current.urlOf("postgres") });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
      } finally {
        await admin.end();
      }
      return current.urlOf(name);
    },
  };
}
