// Seeds a database end to end (markets, trade history, demo users when the auth part provides them).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDbClient, type DbClient } from "@/lib/db-client";
import { seedExchange, type SeedExchangeResult } from "@/lib/seed/seed-exchange";
import { seedMarkets, type SeedMarketsResult } from "@/lib/seed/seed-markets";

/**
 * lib/seed/seed-users.ts belongs to the auth part: `seedUsers(client): Promise<string[]>` (idempotent,
 * returns the demo emails) and `demoSignInHint(appUrl): string`. Loaded only when the file exists, so
 * the markets seed works on its own.
 */
interface SeedUsersModule {
  seedUsers: (client: DbClient) => Promise<unknown>;
  demoSignInHint?: (appUrl: string) => string;
}

/** What seeding did: trades generated per market, the demo users, the exchange's grants and resting orders, and how to sign in. */
export interface SeedSummary {
  markets: SeedMarketsResult;
  exchange: SeedExchangeResult;
  demoUsers: string[];
  signInHint?: (appUrl: string) => string;
}

async function loadSeedUsers(): Promise<SeedUsersModule | undefined> {
  const file = fileURLToPath(new URL("./seed-users.ts", import.meta.url));
  if (!existsSync(file)) return undefined;
  const specifier = "./seed-users.ts"; // a variable, so typecheck passes whether or not the file exists
  const loaded = (await import(specifier)) as Partial<SeedUsersModule>;
  if (typeof loaded.seedUsers !== "function") return undefined;
  return { seedUsers: loaded.seedUsers, demoSignInHint: loaded.demoSignInHint };
}

/** Seeds `databaseUrl` (already migrated). Idempotent: safe on every start. */
export async function seedDatabase(databaseUrl: string): Promise<SeedSummary> {
  const client = createDbClient(databaseUrl);
  try {
    const markets = await seedMarkets(client);
    const users = await loadSeedUsers();
    const emails = users ? await users.seedUsers(client) : [];
    const demoUsers = Array.isArray(emails) ? emails.filter((email): email is string => typeof email === "string") : [];
    // After the users: the demo traders get their funds, the market bots their book.
    const exchange = await seedExchange(client);
    return { markets, exchange, demoUsers, signInHint: users?.demoSignInHint };
  } finally {
    await client.$disconnect();
  }
}
