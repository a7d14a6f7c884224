// Mutation group: what every entry point accepts (zod input schemas of actions and routes).
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "schemas",
  mutate: [
    "lib/schemas/trade.ts",
    "lib/schemas/auth.ts",
    "lib/schemas/market.ts",
    "lib/schemas/price-hint.ts",
    "lib/schemas/webhook.ts",
    "lib/schemas/notifications.ts",
    "lib/schemas/console.ts",
  ],
  testFiles: [
    "tests/trades/trade-schema.test.ts",
    "tests/auth/auth-schemas.test.ts",
    "tests/console/price-hint.test.ts",
    "tests/console/log-state.test.ts",
    "tests/schemas/*.test.ts",
  ],
});
