// Mutation group: the exchange core's pure matching engine and funds model (lib/exchange/engine).
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "engine",
  mutate: ["lib/exchange/engine/*.ts"],
  // Example tests first, the fast-check properties (seconds per run) last.
  testFiles: [
    "tests/exchange/engine-modules-load.test.ts",
    "tests/exchange/engine-rules.test.ts",
    "tests/exchange/validate-order.test.ts",
    "tests/exchange/matching-engine.test.ts",
    "tests/exchange/engine-limit-property.test.ts",
    "tests/exchange/engine-properties.test.ts",
  ],
  // Pure code: a mutant that runs past the tests' normal time plus 5 s is stuck.
  timeoutMS: 5_000,
});
