// A second app process on the worker's stack (same build, database and Channels server) with its own
// settings and its own in-memory state (auth throttle counters): for tests that would otherwise use up
// the shared app's budget for 127.0.0.1, or that need another configuration (e.g. TRUSTED_PROXIES).
import { freePort, type Child } from "../../../scripts/lib/processes.ts";
import { startNextApp } from "../../../scripts/lib/stack.ts";
import type { TestStack } from "./stack.ts";

/** A running extra app. */
export interface ExtraApp {
  url: string;
  child: Child;
  stop(): Promise<void>;
}

/** Starts an app on a free loopback port with `overrides` on top of the stack's environment. */
export async function startExtraApp(stack: TestStack, overrides: Record<string, string> = {}): Promise<ExtraApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...stack.env, NEXTAUTH_URL: url, ...overrides };
  const { child } = await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo: process.env.E2E_ECHO === "1" });
  return {
    url,
    child,
    stop: async () => {
      await child.stop("SIGTERM");
    },
  };
}
