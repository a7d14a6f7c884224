// Mutation group: who may subscribe to what (the app's channel access rules and the Channels server's channel kinds).
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "channel-access",
  mutate: ["lib/auth/decide-channel-access.ts", "lib/auth/channel-names.ts", "lib/channels/channel-names.ts"],
  testFiles: [
    "tests/auth/channel-names.test.ts",
    "tests/auth/private-channel.test.ts",
    "tests/channels/channel-names.test.ts",
  ],
});
