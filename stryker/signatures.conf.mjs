// Mutation group: Pusher signatures and the Channels HTTP API request auth.
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "signatures",
  mutate: ["lib/channels/signatures.ts", "lib/channels/http-api/request-auth.ts", "lib/channels/http-api/body-gate.ts"],
  testFiles: [
    "tests/channels/http-api-auth.test.ts",
    "tests/channels/socket-auth.test.ts",
    "tests/channels/body-gate.test.ts",
    "tests/channels/request-auth.test.ts",
    "tests/channels/http-api.test.ts",
  ],
});
