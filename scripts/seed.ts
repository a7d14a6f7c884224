// `npm run seed`: demo markets, trade history, demo users, funds and resting orders into DATABASE_URL (idempotent; run migrate first).
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../lib/db-url.ts";
import { seedDatabase } from "../lib/seed/seed-database.ts";

const databaseUrl = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
const started = performance.now();
seedDatabase(databaseUrl)
  .then(({ markets, exchange, demoUsers }) => {
    const generated = Object.entries(markets).map(([id, count]) => (count > 0 ? `${id}: ${count} trades` : `${id}: kept`));
    console.log(`Seeded ${databaseUrl} in ${Math.round(performance.now() - started)} ms (${generated.join(", ")})`);
    if (demoUsers.length > 0) console.log(`Demo users: ${demoUsers.join(", ")}`);
    const books = Object.entries(exchange.orders).filter(([, count]) => count > 0);
    if (books.length > 0) console.log(`Resting orders: ${books.map(([id, count]) => `${id} ${count}`).join(", ")}`);
    if (exchange.granted.length > 0) console.log(`Demo funds granted: ${exchange.granted.join(", ")}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
