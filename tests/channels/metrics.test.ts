// GET /metrics: counters after known traffic, and who may scrape (loopback only, or a bearer token).
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadChannelsConfig } from "@/lib/channels/index";
import { APP, cleanup, client, sdk, startServer, subscribed, roundTrip } from "./helpers";
import { metricValue, scrapeMetrics } from "./metrics-helpers";
import { TcpWebSocket } from "./tcp-client";

afterEach(cleanup);

const app = { app_id: APP.id };

describe("GET /metrics after known traffic", () => {
  it("counts connections, channels, subscriptions, messages and bytes both ways, API requests by status and their latency", async () => {
    const server = await startServer();
    const first = client(server);
    const second = client(server);
    await subscribed(first, "prices");
    await subscribed(second, "prices");
    const api = sdk(server);
    const payload = { price: "100.5" };
    for (let i = 0; i < 3; i += 1) await api.trigger("prices", "update", payload);
    await expect(sdk(server, { ...APP, secret: "wrong" }).trigger("prices", "update", payload)).rejects.toMatchObject({ status: 401 });
    await roundTrip(first);
    await roundTrip(second);

    const text = await scrapeMetrics(server);
    expect(text).toContain("# TYPE channels_messages_sent_total counter");
    expect(metricValue(text, "channels_connections", app)).toBe(2);
    expect(metricValue(text, "channels_occupied_channels", app)).toBe(1);
    expect(metricValue(text, "channels_subscriptions", app)).toBe(2);
    expect(metricValue(text, "channels_api_events_total", app)).toBe(3);
    expect(metricValue(text, "channels_api_requests_total", { method: "POST", status: "200" })).toBe(3);
    expect(metricValue(text, "channels_api_requests_total", { method: "POST", status: "401" })).toBe(1);
    expect(metricValue(text, "channels_api_request_duration_seconds_count", { method: "POST" })).toBe(4);
    // Each client sent one subscribe and one ping, and got connection_established, subscription_succeeded,
    // three events and a pong.
    expect(metricValue(text, "channels_messages_received_total", app)).toBe(4);
    expect(metricValue(text, "channels_messages_sent_total", app)).toBe(12);
    const event = JSON.stringify({ event: "update", channel: "prices", data: JSON.stringify(payload) });
    expect(metricValue(text, "channels_bytes_sent_total", app)).toBeGreaterThan(6 * Buffer.byteLength(event));
    expect(metricValue(text, "channels_bytes_received_total", app)).toBeGreaterThan(0);
    expect(metricValue(text, "channels_webhook_queue_length", app)).toBe(0);
    expect(metricValue(text, "channels_slow_consumers_dropped_total", app)).toBe(0);
  });

  it("counts failed webhook attempts and the queue while the receiver is down", async () => {
    const closedPort = await unusedPort();
    const server = await startServer({
      apps: [{ ...APP, webhookUrl: `http://127.0.0.1:${closedPort}/hook` }],
      webhookBatchMs: 5,
      webhookRetryBaseMs: 20,
    });
    await subscribed(client(server), "prices");
    await expect.poll(async () => metricValue(await scrapeMetrics(server), "channels_webhook_failures_total", app)).toBeGreaterThanOrEqual(2);
    const text = await scrapeMetrics(server);
    expect(metricValue(text, "channels_webhook_queue_length", app)).toBe(1);
    expect(metricValue(text, "channels_webhooks_delivered_total", app)).toBe(0);
  });

  it("counts a slow consumer dropped for not reading", async () => {
    const server = await startServer({ maxBufferedBytes: 64 * 1024 });
    const slow = await TcpWebSocket.open(server.port, `/app/${APP.key}?protocol=7`);
    try {
      await slow.waitFor("pusher:connection_established");
      slow.sendText(JSON.stringify({ event: "pusher:subscribe", data: { channel: "firehose" } }));
      await slow.waitFor("pusher_internal:subscription_succeeded");
      slow.pause();
      const api = sdk(server);
      const batch = Array.from({ length: 10 }, () => ({ channel: "firehose", name: "bulk", data: "x".repeat(9 * 1024) }));
      const dropped = async () => metricValue(await scrapeMetrics(server), "channels_slow_consumers_dropped_total", app);
      for (let round = 0; round < 400 && (await dropped()) === 0; round += 1) await api.triggerBatch(batch);
      expect(await dropped()).toBe(1);
    } finally {
      slow.destroy();
    }
  });
});

describe("who may scrape", () => {
  it("answers loopback peers by default, but not a request a proxy forwarded", async () => {
    const server = await startServer();
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(200);
    const proxied = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(proxied.status).toBe(404);
  });

  it("with a token, answers only its bearers (401 otherwise, loopback included)", async () => {
    const token = "metrics-token-0123456789";
    const server = await startServer({ metrics: { enabled: true, token } });
    const url = `http://127.0.0.1:${server.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: "Bearer metrics-token-0123456788" } })).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
  });

  it("is 404 when turned off, and the HTTP API is untouched", async () => {
    const server = await startServer({ metrics: { enabled: false } });
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);
    expect((await sdk(server).trigger("prices", "update", {})).status).toBe(200);
  });

  it("reads CHANNELS_METRICS and CHANNELS_METRICS_TOKEN from env, refusing a short token", () => {
    const base = { PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s" };
    expect(loadChannelsConfig(base).metrics).toEqual({ enabled: true, token: undefined });
    expect(loadChannelsConfig({ ...base, CHANNELS_METRICS: "false" }).metrics?.enabled).toBe(false);
    expect(loadChannelsConfig({ ...base, CHANNELS_METRICS_TOKEN: "a-long-enough-token" }).metrics?.token).toBe("a-long-enough-token");
    expect(() => loadChannelsConfig({ ...base, CHANNELS_METRICS_TOKEN: "short" })).toThrow(/CHANNELS_METRICS_TOKEN/);
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
