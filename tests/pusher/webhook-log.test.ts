// The webhook log's levels: debug writes each event (and the summary), info one count line per interval,
// warn/error nothing. The app-level reproduction is tests/e2e/webhook-log.spec.ts.
import { describe, expect, it } from "vitest";
import { createWebhookLog } from "@/lib/pusher/webhook-log";

const storm = [
  { name: "channel_occupied", channel: "a" },
  { name: "channel_vacated", channel: "a" },
  { name: "channel_occupied", channel: "b" },
];

describe("createWebhookLog", () => {
  it("info: no line per event, one summary counting them by name", () => {
    const lines: string[] = [];
    const log = createWebhookLog({ level: "info", intervalMs: 60_000, write: (line) => lines.push(line) });
    log.record(storm);
    log.record([{ name: "member_added", channel: "presence-market", user_id: "7" }]);
    expect(lines).toEqual([]);
    log.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[pusher-webhook\] 4 webhook events in [\d.]+ s: channel_occupied 2, channel_vacated 1, member_added 1$/);
    log.flush();
    expect(lines).toHaveLength(1);
  });

  it("info: the summary goes out on its own after the interval", async () => {
    const lines: string[] = [];
    const log = createWebhookLog({ level: "info", intervalMs: 20, write: (line) => lines.push(line) });
    log.record(storm.slice(0, 1));
    await expect.poll(() => lines).toEqual([expect.stringMatching(/^\[pusher-webhook\] 1 webhook event in [\d.]+ s: channel_occupied 1$/)]);
  });

  it("debug: one line per event (private user channels shortened), then the summary", () => {
    const lines: string[] = [];
    const log = createWebhookLog({ level: "debug", intervalMs: 60_000, write: (line) => lines.push(line) });
    log.record([...storm, { name: "channel_vacated", channel: "private-user-0123456789abcdef0123456789abcdef" }]);
    expect(lines).toEqual([
      "[pusher-webhook] channel_occupied a",
      "[pusher-webhook] channel_vacated a",
      "[pusher-webhook] channel_occupied b",
      "[pusher-webhook] channel_vacated private-user-…",
    ]);
    log.flush();
    expect(lines.at(-1)).toMatch(/4 webhook events in [\d.]+ s: channel_occupied 2, channel_vacated 2$/);
  });

  it("warn and error: nothing", () => {
    const lines: string[] = [];
    for (const level of ["warn", "error"] as const) {
      const log = createWebhookLog({ level, intervalMs: 60_000, write: (line) => lines.push(line) });
      log.record(storm);
      log.flush();
    }
    expect(lines).toEqual([]);
  });
});
