// The app's webhook log at the default level (info): a storm of subscribe/unsubscribe webhooks gives one
// summary line per interval with the counts per event name, not one `[pusher-webhook]` line per event.
// LOG_LEVEL=debug keeps the per-event lines (the shared e2e stack runs at debug: webhook.spec reads them).
// A second app process on the worker's stack (same build and database) runs at info with a short summary
// interval and receives real signed webhook POSTs.
import { randomUUID } from "node:crypto";
import { freePort } from "../../scripts/lib/processes.ts";
import { startNextApp } from "../../scripts/lib/stack.ts";
import { sign } from "./auth-helpers.ts";
import { expect, test } from "./fixtures.ts";

/** Sums the counts per event name over the app's summary lines, e.g. "... channel_occupied 20, channel_vacated 20". */
function summarized(lines: string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const line of lines) {
    const summary = line.match(/\[pusher-webhook\] \d+ webhook events? in [\d.]+ s: (.*)$/)?.[1];
    if (!summary) continue;
    for (const part of summary.split(", ")) {
      const [name, count] = part.split(" ");
      if (name && count) totals[name] = (totals[name] ?? 0) + Number(count);
    }
  }
  return totals;
}

test("at the default log level, subscribe/unsubscribe webhooks are summarized, not logged one line each", async ({ stack }) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...stack.env, NEXTAUTH_URL: url, LOG_LEVEL: "info", WEBHOOK_LOG_INTERVAL_MS: "500" };
  const { child } = await startNextApp({ mode: "start", env, port, host: "127.0.0.1", echo: process.env.E2E_ECHO === "1" });
  try {
    const prefix = `e2e-storm-${randomUUID()}`;
    for (let i = 0; i < 20; i += 1) {
      const channel = `${prefix}-${i}`;
      // As our Channels server sends them for a socket that subscribes and leaves again.
      const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_occupied", channel }, { name: "channel_vacated", channel }] });
      const response = await fetch(`${url}/api/pusher/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-pusher-key": stack.env.PUSHER_KEY ?? "", "x-pusher-signature": sign(stack.env.PUSHER_SECRET ?? "", body) },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
    await expect.poll(() => summarized(child.recentOutput()), { timeout: 15_000 }).toEqual({ channel_occupied: 20, channel_vacated: 20 });
    expect(child.recentOutput().filter((line) => line.includes(prefix))).toEqual([]);
  } finally {
    await child.stop("SIGTERM");
  }
});
