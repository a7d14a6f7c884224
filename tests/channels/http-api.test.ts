// The Channels HTTP API through the real SDK and raw signed requests: events, batches, channels, users, signing, limits.
import { createHash } from "node:crypto";
import Pusher from "pusher";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, client, hmacHex, nextEvent, sdk, startServer, subscribed } from "./helpers";

afterEach(cleanup);

interface RawRequest {
  method?: "GET" | "POST";
  body?: string;
  params?: Record<string, string>;
  /** Seconds added to the current time for auth_timestamp. */
  skewSeconds?: number;
  key?: string;
  secret?: string;
  appId?: string;
  /** Change the query after signing. */
  tamper?: (query: URLSearchParams) => void;
}

/** Sends a request signed the way pusher-http-node signs it, with knobs to break the signature. */
async function signed(server: RunningChannelsServer, subPath: string, request: RawRequest = {}): Promise<{ status: number; text: string }> {
  const method = request.method ?? (request.body === undefined ? "GET" : "POST");
  const path = `/apps/${request.appId ?? APP.id}${subPath}`;
  const params: Record<string, string> = {
    auth_key: request.key ?? APP.key,
    auth_timestamp: String(Math.floor(Date.now() / 1000) + (request.skewSeconds ?? 0)),
    auth_version: "1.0",
    ...request.params,
  };
  if (request.body !== undefined) params.body_md5 = createHash("md5").update(request.body).digest("hex");
  const sorted = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const signature = hmacHex(request.secret ?? APP.secret, `${method}\n${path}\n${sorted}`);
  const query = new URLSearchParams({ ...params, auth_signature: signature });
  request.tamper?.(query);
  const response = await fetch(`http://127.0.0.1:${server.port}${path}?${query.toString()}`, {
    method,
    body: request.body,
    headers: request.body === undefined ? {} : { "content-type": "application/json" },
  });
  return { status: response.status, text: await response.text() };
}

const event = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: "e", data: "{}", channels: ["c"], ...extra });

describe("POST events", () => {
  it("returns {} and delivers; with info it reports user_count and subscription_count", async () => {
    const server = await startServer();
    const pusher = client(server, { presence: { user_id: "p1" } });
    const { channel } = await subscribed(pusher, "presence-room");
    const got = nextEvent(channel, "ping");
    const plain = await sdk(server).trigger("presence-room", "ping", { ok: true });
    expect(await plain.json()).toEqual({});
    expect((await got).data).toEqual({ ok: true });

    const withInfo = await sdk(server).trigger(["presence-room", "empty"], "ping", {}, { info: "user_count,subscription_count" });
    expect(await withInfo.json()).toEqual({
      channels: { "presence-room": { user_count: 1, subscription_count: 1 }, empty: { subscription_count: 0 } },
    });
  });

  it("accepts the single-channel form {channel}", async () => {
    const server = await startServer();
    const pusher = client(server);
    const { channel } = await subscribed(pusher, "single");
    const got = nextEvent(channel, "e");
    expect((await signed(server, "/events", { body: JSON.stringify({ name: "e", data: '"x"', channel: "single" }) })).status).toBe(200);
    expect((await got).data).toBe("x");
  });

  it.each([
    ["bad JSON", "{not json", "not valid JSON"],
    ["no channels", JSON.stringify({ name: "e", data: "{}" }), "channels"],
    ["101 channels", event({ channels: Array.from({ length: 101 }, (_, i) => `c${i}`) }), "Too many channels"],
    ["a bad channel name", event({ channels: ["bad name"] }), "Invalid channel name"],
    ["a 201-character channel name", event({ channels: ["x".repeat(201)] }), "too long"],
    ["a 201-character event name", event({ name: "e".repeat(201) }), "name longer than 200"],
    ["non-string data", JSON.stringify({ name: "e", data: { a: 1 }, channels: ["c"] }), "data must be a string"],
    ["a malformed socket_id", event({ socket_id: "abc" }), "socket_id"],
    ["an unknown info attribute", event({ info: "colour" }), "Unsupported info attribute"],
    ["encrypted plus other channels", event({ channels: ["private-encrypted-a", "b"] }), "Encrypted channels"],
  ])("answers %s with 400 and a clear message", async (_label, body, message) => {
    const server = await startServer();
    const response = await signed(server, "/events", { body });
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });

  it("answers data over the limit with 413, and an oversized body with 413", async () => {
    const server = await startServer();
    const tooBig = await signed(server, "/events", { body: event({ data: "x".repeat(10_241) }) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toContain("10240");
    const atLimit = await signed(server, "/events", { body: event({ data: "x".repeat(10_240) }) });
    expect(atLimit.status).toBe(200);
    const huge = await signed(server, "/events", { body: event({ data: "x".repeat(300_000) }) });
    expect(huge.status).toBe(413);
  });

  it("rejects what the SDK itself would send when over the limit (SDK RequestError 413)", async () => {
    const server = await startServer({ maxEventBytes: 50 });
    const error = await sdk(server)
      .trigger("c", "e", { big: "y".repeat(100) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pusher.RequestError);
    expect((error as { status: number }).status).toBe(413);
  });
});

describe("POST batch_events", () => {
  it("delivers each event and answers {}; with info answers per event", async () => {
    const server = await startServer();
    const pusher = client(server);
    const { channel: a } = await subscribed(pusher, "batch-a");
    const { channel: b } = await subscribed(pusher, "batch-b");
    const gotA = nextEvent(a, "one");
    const gotB = nextEvent(b, "two");
    const response = await sdk(server).triggerBatch([
      { channel: "batch-a", name: "one", data: { n: 1 } },
      { channel: "batch-b", name: "two", data: { n: 2 } },
    ]);
    expect(await response.json()).toEqual({});
    expect((await gotA).data).toEqual({ n: 1 });
    expect((await gotB).data).toEqual({ n: 2 });
    const info = await sdk(server).triggerBatch([{ channel: "batch-a", name: "x", data: "1", info: "subscription_count" }]);
    expect(await info.json()).toEqual({ batch: [{ subscription_count: 1 }] });
  });

  it("refuses more than 10 events, an empty batch, and oversized data", async () => {
    const server = await startServer();
    const eleven = Array.from({ length: 11 }, () => ({ channel: "c", name: "e", data: "{}" }));
    const tooMany = await signed(server, "/batch_events", { body: JSON.stringify({ batch: eleven }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain("at most 10");
    expect((await signed(server, "/batch_events", { body: JSON.stringify({ batch: [] }) })).status).toBe(400);
    const big = await signed(server, "/batch_events", { body: JSON.stringify({ batch: [{ channel: "c", name: "e", data: "x".repeat(10_241) }] }) });
    expect(big.status).toBe(413);
  });
});

describe("GET channels", () => {
  it("lists occupied channels, filters by prefix, and gives user_count for presence prefixes", async () => {
    const server = await startServer();
    await subscribed(client(server), "public-a");
    await subscribed(client(server, { presence: { user_id: "1" } }), "presence-a");
    await subscribed(client(server, { presence: { user_id: "1" } }), "presence-a");
    const all = await (await sdk(server).get({ path: "/channels" })).json();
    expect(all).toEqual({ channels: { "public-a": {}, "presence-a": {} } });
    const presence = await (await sdk(server).get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } })).json();
    expect(presence).toEqual({ channels: { "presence-a": { user_count: 1 } } });
    const counts = await (await sdk(server).get({ path: "/channels", params: { info: "subscription_count" } })).json();
    expect(counts).toEqual({ channels: { "public-a": { subscription_count: 1 }, "presence-a": { subscription_count: 2 } } });
  });

  it("answers info=user_count without a presence- prefix with 400", async () => {
    const server = await startServer();
    const response = await signed(server, "/channels", { params: { info: "user_count" } });
    expect(response.status).toBe(400);
    expect(response.text).toContain("presence-");
  });
});

describe("GET channels/<name> and users", () => {
  it("reports occupied, user_count and subscription_count", async () => {
    const server = await startServer();
    expect(await (await sdk(server).get({ path: "/channels/nobody-here" })).json()).toEqual({ occupied: false });
    await subscribed(client(server, { presence: { user_id: "7" } }), "presence-info");
    const info = await (await sdk(server).get({ path: "/channels/presence-info", params: { info: "user_count,subscription_count" } })).json();
    expect(info).toEqual({ occupied: true, user_count: 1, subscription_count: 1 });
  });

  it("answers user_count on a non-presence channel with 400", async () => {
    const server = await startServer();
    expect((await signed(server, "/channels/public", { params: { info: "user_count" } })).status).toBe(400);
  });

  it("lists presence users, and answers users of a non-presence channel with 400", async () => {
    const server = await startServer();
    await subscribed(client(server, { presence: { user_id: "u1" } }), "presence-users");
    await subscribed(client(server, { presence: { user_id: "u2" } }), "presence-users");
    const users = await (await sdk(server).get({ path: "/channels/presence-users/users" })).json();
    expect(users).toEqual({ users: [{ id: "u1" }, { id: "u2" }] });
    const error = await sdk(server)
      .get({ path: "/channels/public/users" })
      .catch((e: unknown) => e);
    expect((error as { status: number }).status).toBe(400);
  });
});

describe("request signing", () => {
  it("accepts a correctly signed request", async () => {
    const server = await startServer();
    expect((await signed(server, "/channels")).status).toBe(200);
  });

  it.each<[string, RawRequest, string]>([
    ["a signature made with another secret", { secret: "wrong" }, "Invalid signature"],
    ["an unknown auth_key", { key: "other-key" }, "auth_key"],
    ["a timestamp 605 s old", { skewSeconds: -605 }, "Timestamp expired"],
    ["a timestamp 605 s ahead", { skewSeconds: 605 }, "Timestamp expired"],
    ["a query changed after signing", { params: { info: "" }, tamper: (q) => q.set("filter_by_prefix", "x") }, "Invalid signature"],
    ["a missing auth_signature", { tamper: (q) => q.delete("auth_signature") }, "auth_signature"],
    ["auth_version 2.0", { tamper: (q) => q.set("auth_version", "2.0") }, "auth_version"],
  ])("answers %s with 401", async (_label, request, message) => {
    const server = await startServer();
    const response = await signed(server, "/channels", request);
    expect(response.status).toBe(401);
    expect(response.text).toContain(message);
  });

  it("answers a body that does not match body_md5 with 401", async () => {
    const server = await startServer();
    const response = await signed(server, "/events", {
      body: event(),
      tamper: (q) => q.set("body_md5", createHash("md5").update("other").digest("hex")),
    });
    expect(response.status).toBe(401);
    expect(response.text).toContain("body_md5");
  });

  it("accepts timestamps within 600 s", async () => {
    const server = await startServer();
    expect((await signed(server, "/channels", { skewSeconds: -590 })).status).toBe(200);
  });
});

describe("routing", () => {
  it("answers an unknown app with 404, an unknown path with 404, a wrong method with 405", async () => {
    const server = await startServer();
    expect((await signed(server, "/channels", { appId: "999" })).status).toBe(404);
    expect((await signed(server, "/nothing")).status).toBe(404);
    expect((await signed(server, "/events", { method: "GET" })).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
  });

  it("answers a disabled app with 403", async () => {
    const server = await startServer({ apps: [{ ...APP, enabled: false }] });
    expect((await signed(server, "/channels")).status).toBe(403);
  });

  it("serves several apps, each with its own key and secret", async () => {
    const other = { id: "200002", key: "other-key", secret: "other-secret" };
    const server = await startServer({ apps: [{ ...APP }, other] });
    const response = await sdk(server, other).get({ path: "/channels" });
    expect(await response.json()).toEqual({ channels: {} });
    expect((await signed(server, "/channels", { appId: other.id })).status).toBe(401);
  });
});
