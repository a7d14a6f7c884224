// The e2e `test`: every spec file gets the worker's `stack` (a private app + Channels server + DB).
import { test as base, expect } from "@playwright/test";
import { startTestStack, type TestStack } from "./support/stack.ts";

export type { TestStack };
export { expect };

/**
 * `test` with a worker-scoped `stack` fixture: `{ appUrl, channelsPort, databaseUrl, env,
 * stopChannels(), startChannels(), triggerFromServer(channel, event, data), recentOutput() }`.
 * A test that stops the Channels server need not restart it: the next test gets it running again.
 */
export const test = base.extend<{ channelsUp: void }, { stack: TestStack }>({
  stack: [
    async ({}, provide) => {
      const stack = await startTestStack();
      try {
        await provide(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
  channelsUp: [
    async ({ stack }, provide) => {
      await provide();
      await stack.ensureChannelsRunning();
    },
    { auto: true },
  ],
});
