// CHANNELS_REDIS_URL and friends: a server becomes a cluster node only with a redis:// or rediss:// URL.
import { afterEach, describe, expect, it } from "vitest";
import { loadChannelsConfig } from "@/lib/channels/index";
import { defaultClusterConfig } from "@/lib/channels/cluster/cluster-config";
import { redactUrl } from "@/lib/channels/cluster/log-text";
import { freePort } from "../../scripts/lib/processes.ts";
import { APP, cleanup, startServer } from "../channels/helpers";

afterEach(cleanup);

const base = { PUSHER_APP_ID: "123", PUSHER_KEY: "key", PUSHER_SECRET: "secret" };

describe("cluster configuration from env", () => {
  it("is off without CHANNELS_REDIS_URL, and reads the URL, prefix and node TTL with it", () => {
    expect(loadChannelsConfig(base).cluster).toBeUndefined();
    expect(loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: " " }).cluster).toBeUndefined();
    expect(loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: "redis://10.0.0.5:6379/2" }).cluster).toMatchObject({
      redisUrl: "redis://10.0.0.5:6379/2",
      prefix: "channels",
      nodeTtlMs: 10_000,
    });
    const cluster = loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: "rediss://u:p@redis.example:6380", CHANNELS_REDIS_PREFIX: "prod-eu", CHANNELS_CLUSTER_NODE_TTL_MS: "3000" }).cluster;
    expect(cluster).toMatchObject({ prefix: "prod-eu", nodeTtlMs: 3000 });
  });

  it("refuses other URLs, prefixes with separators and TTLs under 300 ms, naming the variable", () => {
    expect(() => loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: "http://redis:6379" })).toThrow(/CHANNELS_REDIS_URL/);
    expect(() => loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: "redis://x:6379", CHANNELS_REDIS_PREFIX: "a:b" })).toThrow(/CHANNELS_REDIS_PREFIX/);
    expect(() => loadChannelsConfig({ ...base, CHANNELS_REDIS_URL: "redis://x:6379", CHANNELS_CLUSTER_NODE_TTL_MS: "100" })).toThrow(/CHANNELS_CLUSTER_NODE_TTL_MS/);
  });

  it("never logs the Redis password", async () => {
    expect(redactUrl("redis://user:s3cret@redis.example:6379/0")).toBe("redis://user:***@redis.example:6379/0");
    expect(redactUrl("redis://127.0.0.1:6380")).toBe("redis://127.0.0.1:6380");
    // A node whose Redis is not there logs its outage line through the server's log, password redacted.
    const lines: string[] = [];
    const redisUrl = `redis://user:s3cret@127.0.0.1:${await freePort()}`;
    await startServer({ apps: [{ ...APP }], cluster: { ...defaultClusterConfig, redisUrl, startTimeoutMs: 100 }, log: (line) => lines.push(line) });
    expect(lines.join("\n")).toContain("Redis at redis://user:***@127.0.0.1:");
    expect(lines.join("\n")).not.toContain("s3cret");
  });
});
