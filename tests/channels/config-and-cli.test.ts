// Configuration from env: required Pusher credentials, defaults, limits; and the `npm run channels` entry point.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { loadChannelsConfig } from "@/lib/channels/index";
import { RawClient } from "./helpers";
import WebSocket from "ws";

const base = { PUSHER_APP_ID: "123", PUSHER_KEY: "key", PUSHER_SECRET: "secret" };

describe("loadChannelsConfig", () => {
  it("fails with one clear message naming every missing credential", () => {
    expect(() => loadChannelsConfig({})).toThrow(/PUSHER_APP_ID is required[\s\S]*PUSHER_KEY is required[\s\S]*PUSHER_SECRET is required/);
  });

  it("requires a numeric app id", () => {
    expect(() => loadChannelsConfig({ ...base, PUSHER_APP_ID: "abc" })).toThrow(/PUSHER_APP_ID must be numeric/);
  });

  it("applies the documented defaults", () => {
    const config = loadChannelsConfig(base);
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 6001,
      apps: [{ id: "123", key: "key", secret: "secret", webhookUrl: undefined, clientEvents: false }],
      maxEventBytes: 10_240,
      maxBufferedBytes: 4 * 1024 * 1024,
      maxCacheEntries: 10_000,
      maxPresenceMembers: 100,
      clientEventsPerSecond: 10,
      maxSubscriptionsPerConnection: 100,
      messagesPerSecond: 100,
      activityTimeout: 120,
      subscriptionCount: false,
      subscriptionCountIntervalMs: 1000,
      webhookMaxPendingEvents: 10_000,
      webhookMaxPendingBytes: 8 * 1024 * 1024,
      webhookShutdownMs: 3000,
      httpHeadersTimeoutMs: 10_000,
      httpBodyTimeoutMs: 5_000,
      httpMaxPendingBodies: 64,
      webhookVacatedDelayMs: 3000,
      subscriptionChangesPerSecond: 10,
    });
  });

  it("reads the port, webhook URL and limits", () => {
    const config = loadChannelsConfig({
      ...base,
      CHANNELS_HOST: "0.0.0.0",
      CHANNELS_PORT: "7001",
      CHANNELS_WEBHOOK_URL: "http://127.0.0.1:3000/api/pusher/webhook",
      CHANNELS_MAX_EVENT_BYTES: "2048",
      CHANNELS_MAX_BUFFERED_BYTES: "65536",
      CHANNELS_MAX_CACHE_ENTRIES: "50",
      CHANNELS_MAX_PRESENCE_MEMBERS: "5",
      CHANNELS_CLIENT_EVENTS_PER_SECOND: "3",
      CHANNELS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "7",
      CHANNELS_MAX_MESSAGES_PER_SECOND: "20",
      CHANNELS_ACTIVITY_TIMEOUT: "30",
      CHANNELS_SUBSCRIPTION_COUNT: "true",
      CHANNELS_CLIENT_EVENTS: "true",
      CHANNELS_SUBSCRIPTION_COUNT_INTERVAL_MS: "250",
      CHANNELS_WEBHOOK_MAX_PENDING_EVENTS: "500",
      CHANNELS_WEBHOOK_MAX_PENDING_BYTES: "100000",
      CHANNELS_WEBHOOK_SHUTDOWN_MS: "1500",
      CHANNELS_HTTP_HEADERS_TIMEOUT_MS: "2000",
      CHANNELS_HTTP_BODY_TIMEOUT_MS: "1000",
      CHANNELS_HTTP_MAX_PENDING_BODIES: "8",
      CHANNELS_WEBHOOK_VACATED_DELAY_MS: "0",
      CHANNELS_MAX_SUBSCRIPTION_CHANGES_PER_SECOND: "4",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 7001,
      apps: [{ webhookUrl: "http://127.0.0.1:3000/api/pusher/webhook", clientEvents: true }],
      maxEventBytes: 2048,
      maxBufferedBytes: 65536,
      maxCacheEntries: 50,
      maxPresenceMembers: 5,
      clientEventsPerSecond: 3,
      maxSubscriptionsPerConnection: 7,
      messagesPerSecond: 20,
      activityTimeout: 30,
      subscriptionCount: true,
      subscriptionCountIntervalMs: 250,
      webhookMaxPendingEvents: 500,
      webhookMaxPendingBytes: 100_000,
      webhookShutdownMs: 1500,
      httpHeadersTimeoutMs: 2000,
      httpBodyTimeoutMs: 1000,
      httpMaxPendingBodies: 8,
      webhookVacatedDelayMs: 0,
      subscriptionChangesPerSecond: 4,
    });
  });

  it("rejects a bad port and a bad webhook URL", () => {
    expect(() => loadChannelsConfig({ ...base, CHANNELS_PORT: "70000" })).toThrow(/CHANNELS_PORT/);
    expect(() => loadChannelsConfig({ ...base, CHANNELS_WEBHOOK_URL: "not a url" })).toThrow(/CHANNELS_WEBHOOK_URL/);
  });
});

describe("scripts/channels-server.ts", () => {
  it("prints one listening line, serves clients, and on SIGTERM sends 4200 and exits 0", async () => {
    const repoRoot = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/channels-server.ts"], {
      cwd: repoRoot,
      env: { ...process.env, ...base, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const line = await new Promise<string>((resolve) => lines.once("line", resolve));
    const match = /^Channels server listening on (ws:\/\/127\.0\.0\.1:(\d+)) \(app 123\)$/.exec(line);
    expect(match).not.toBeNull();

    const ws = new WebSocket(`${match?.[1]}/app/key?protocol=7`);
    const raw = new RawClient(ws);
    await raw.socketId();
    child.kill("SIGTERM");
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4200 });
    expect((await raw.closed).code).toBe(4200);
    expect(await exited).toBe(0);
  });

  it("exits 1 with a clear message when credentials are missing", async () => {
    const repoRoot = path.resolve(import.meta.dirname, "../..");
    const env = { ...process.env };
    delete env.PUSHER_APP_ID;
    delete env.PUSHER_KEY;
    delete env.PUSHER_SECRET;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/channels-server.ts"], { cwd: repoRoot, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("PUSHER_SECRET is required");
  });
});
