// `npm run migrate` applies committed migrations (deploy) to DATABASE_URL (SQLite file or postgresql://);
// `npm run migrate -- create <name>` writes a new one for each provider (a throwaway PostgreSQL for its history).
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../lib/db-url.ts";
import { applyMigrations, createMigration } from "./lib/migrations.ts";

async function main(argv: string[]): Promise<void> {
  const [command = "deploy", name] = argv;
  if (command === "create") {
    if (!name) throw new Error("Usage: npm run migrate -- create <name>");
    const created = await createMigration(name);
    if (created.sqlite) console.log(`Created prisma/migrations/${created.sqlite}/migration.sql`);
    if (created.postgresql) console.log(`Created prisma/postgresql/migrations/${created.postgresql}/migration.sql`);
    if (!created.sqlite && !created.postgresql) console.log("No schema changes: nothing to create.");
    return;
  }
  if (command !== "deploy") throw new Error(`Unknown command "${command}". Use: migrate [deploy] | migrate create <name>`);
  const databaseUrl = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const started = performance.now();
  const applied = await applyMigrations(databaseUrl);
  const took = Math.round(performance.now() - started);
  console.log(
    applied.length > 0
      ? `Applied ${applied.length} migration(s) to ${databaseUrl} in ${took} ms: ${applied.join(", ")}`
      : `Database ${databaseUrl} is up to date (${took} ms).`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
