// Mutation group: the exchange's persistence of funds and orders (guarded account updates, what a command
// writes, the engine kept equal to the DB, busy retries, demo grants) and order entry's idempotency (client
// keys, settling a lost answer) with the order forms' answers.
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "funds",
  mutate: [
    "lib/exchange/update-accounts.ts",
    "lib/exchange/apply-engine-events.ts",
    "lib/exchange/place-order.ts",
    "lib/exchange/cancel-order.ts",
    "lib/exchange/cancel-all-orders.ts",
    "lib/exchange/settle-order-key.ts",
    "lib/exchange/submit-order-forms.ts",
    "lib/exchange/run-market-command.ts",
    "lib/exchange/market-engines.ts",
    "lib/exchange/exchange-market.ts",
    "lib/exchange/exchange-refusal.ts",
    "lib/exchange/demo-funds.ts",
  ],
  // Quick examples first. Left out, to keep the run short (every mutant run opens its test files' databases
  // again): the DB property run (funds-conservation: fast-check through placeOrder, seconds a run), seeding
  // (seed-and-grants) and the multi-process test (concurrent-orders), whose child processes never run a mutant.
  testFiles: [
    "tests/exchange/db/order-entry-rules.test.ts",
    "tests/exchange/db/place-order.test.ts",
    // Commands queued together share one transaction; a failing one rejects alone (runMarketCommand's groups).
    "tests/exchange/db/group-commit.test.ts",
  ],
  // Each test opens a migrated SQLite file and takes the write lock: slack for a busy machine.
  timeoutMS: 20_000,
});
