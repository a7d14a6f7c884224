// Hosted-Pusher mode (PUSHER_URL set, no PUSHER_HOST): the app logs its own triggers (and their outcome)
// and the webhooks it receives. PUSHER_URL points at a real Channels server on loopback; the app cannot
// tell it from the hosted service, which is the point: only env decides.
import Pusher from "pusher";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APP, cleanup, startServer } from "../channels/helpers";

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  await cleanup();
});

async function loadHosted(port: number) {
  vi.stubEnv("PUSHER_URL", `http://${APP.key}:${APP.secret}@127.0.0.1:${port}/apps/${APP.id}`);
  vi.stubEnv("PUSHER_HOST", "");
  vi.resetModules();
  return import("@/lib/console/app-log");
}

describe("hosted mode's app log", () => {
  it("records the app's triggers with their outcome, through the same SDK calls", async () => {
    const server = await startServer();
    const { appLog, keepsAppLog, recordHostedTriggers } = await loadHosted(server.port);
    expect(keepsAppLog()).toBe(true);
    const before = appLog.after(0).length;
    const pusher = recordHostedTriggers(Pusher.forURL(`http://${APP.key}:${APP.secret}@127.0.0.1:${server.port}/apps/${APP.id}`));
    expect(recordHostedTriggers(pusher)).toBe(pusher);
    expect((await pusher.trigger("price_channel", "update", { price: "1.5" })).status).toBe(200);
    await expect(pusher.trigger("private-console-log", "log", {})).rejects.toMatchObject({ status: 403 });
    await pusher.triggerBatch([{ channel: "market-btcusd", name: "update", data: { price: "2" } }]);
    const rows = appLog.after(0).slice(before);
    expect(rows).toMatchObject([
      { type: "api_message", channel: "price_channel", event: "update", data: '{"price":"1.5"}' },
      { type: "error", channel: "private-console-log", details: { failure: expect.stringContaining("HTTP 403") } },
      { type: "api_message", channel: "market-btcusd", data: '{"price":"2"}' },
    ]);
  });

  it("records the webhooks it receives; with our own server (no hosted service) it keeps nothing", async () => {
    const server = await startServer();
    const hosted = await loadHosted(server.port);
    const before = hosted.appLog.after(0).length;
    hosted.recordWebhookEvents([{ name: "member_added", channel: "presence-market", user_id: "u1" }]);
    expect(hosted.appLog.after(0).slice(before)).toMatchObject([
      { type: "webhook_received", channel: "presence-market", details: { webhook: "member_added", userId: "u1" } },
    ]);

    vi.unstubAllEnvs();
    vi.stubEnv("PUSHER_URL", "");
    vi.resetModules();
    const embedded = await import("@/lib/console/app-log");
    expect(embedded.keepsAppLog()).toBe(false);
    const count = embedded.appLog.after(0).length;
    embedded.recordWebhookEvents([{ name: "channel_occupied", channel: "x" }]);
    expect(embedded.appLog.after(0).length).toBe(count);
  });
});
