// Child script of `npm run bench:app` (run like scripts/seed.ts: `node --conditions=react-server --import
// tsx`, DATABASE_URL set): adds the bench's members to the stack's fresh database, each with the demo
// password and a large grant (far more than the run can lock, so no order is refused for funds), as
// sign-up does for a new member (its own sn, funds granted in the transaction that creates the user).
// Prints one JSON line: the emails and the password.
import { hashPassword } from "../../../lib/auth/password.ts";
import { generateSn } from "../../../lib/auth/sn.ts";
import { createDbClient } from "../../../lib/db-client.ts";
import { absoluteDatabaseUrl } from "../../../lib/db-url.ts";
import { grantFunds } from "../../../lib/exchange/demo-funds.ts";
import { DEMO_PASSWORD } from "../../../lib/seed/seed-users.ts";

/** What each bench member is granted: 100 million USD, 10,000 BTC, 100,000 ETH. */
export const BENCH_GRANT = { usd: "100000000", btc: "10000", eth: "100000" } as const;

const count = Number(process.argv[2] ?? "0");
const prefix = process.argv[3] ?? "bench";
const databaseUrl = process.env.DATABASE_URL;
if (!Number.isInteger(count) || count <= 0 || !databaseUrl) {
  console.error("usage: DATABASE_URL=file:... seed-bench-members.ts <count> [email prefix]");
  process.exit(2);
}

const client = createDbClient(absoluteDatabaseUrl(databaseUrl));
try {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const emails: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const email = `${prefix}-${i}@example.com`;
    await client.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: `Bench ${i}`, passwordHash, sn: generateSn() }, select: { id: true } });
      await grantFunds(tx, user.id, BENCH_GRANT);
    });
    emails.push(email);
  }
  console.log(JSON.stringify({ emails, password: DEMO_PASSWORD }));
} finally {
  await client.$disconnect();
}
