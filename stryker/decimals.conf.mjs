// Mutation group: exact decimal parsing and the market math built on it (24h ticker, OHLCV candles).
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "decimals",
  mutate: ["lib/market/decimal.ts", "lib/schemas/decimal.ts", "lib/market/ticker.ts", "lib/market/candles.ts"],
  testFiles: [
    "tests/market/decimal.test.ts",
    "tests/schemas/decimal.test.ts",
    "tests/market/ticker.test.ts",
    "tests/market/candles.test.ts",
    "tests/market/live-updates.test.ts",
    "tests/trades/trade-schema.test.ts",
  ],
});
