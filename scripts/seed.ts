// `npm run seed`: demo markets, trade history and demo users into DATABASE_URL (idempotent; run migrate first).
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../lib/db-url.ts";
import { seedDatabase } from "../lib/seed/seed-database.ts";

const databaseUrl = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
const started = performance.now();
seedDatabase(databaseUrl)
  .then(({ markets, demoUsers }) => {
    const generated = Object.entries(markets).map(([id, count]) => (count > 0 ? `${id}: ${count} trades` : `${id}: kept`));
    console.log(`Seeded ${databaseUrl} in ${Math.round(performance.now() - started)} ms (${generated.join(", ")})`);
    if (demoUsers.length > 0) console.log(`Demo users: ${demoUsers.join(", ")}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
