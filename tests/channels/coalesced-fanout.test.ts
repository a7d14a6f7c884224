// Coalesced fan-out (issue 11): the frames one connection gets in one event-loop turn leave in one socket write,
// while every event stays its own websocket message, in order, and the slow-consumer cutoff still fires.
import { existsSync, readFileSync } from "node:fs";
import Pusher from "pusher";
import type PusherJs from "pusher-js";
import WebSocket from "ws";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, client, rawClient, sdk, startServer, subscribed, type RawClient } from "./helpers";
import { TcpWebSocket } from "./tcp-client";
import { startChannelsProcess, type ChannelsProcess } from "../support/channels-process";

afterEach(cleanup);

/** A market's channels, as the exchange announces a command on them. */
const MARKET_CHANNELS = ["market-btcusd-global", "market-global", "price_channel", "market-btcusd"];

interface FeedEvent {
  channel: string;
  name: string;
  data: string;
}

/** A batch of 10 events interleaving a market's channels, as the exchange's announcer sends them. */
function marketBatch(batch: number, pad = ""): FeedEvent[] {
  const shape: Array<[string, string]> = [
    ["market-btcusd-global", "update"],
    ["market-btcusd-global", "trades"],
    ["price_channel", "update"],
    ["market-btcusd", "update"],
    ["market-btcusd-global", "update"],
    ["market-global", "tickers"],
    ["market-btcusd-global", "trades"],
    ["price_channel", "update"],
    ["market-btcusd", "update"],
    ["market-global", "tickers"],
  ];
  return shape.map(([channel, name], i) => ({ channel, name, data: JSON.stringify({ batch, i, pad }) }));
}

type Seen = { channel: string; event: string; batch: number; i: number };

/** Records, in arrival order, every channel event (not pusher:*) a pusher-js connection receives. */
function recordEvents(pusher: PusherJs): Seen[] {
  const seen: Seen[] = [];
  pusher.connection.bind("message", (message: { event: string; channel?: string; data?: unknown }) => {
    if (message.event.startsWith("pusher")) return;
    const data = (typeof message.data === "string" ? JSON.parse(message.data) : message.data) as { batch: number; i: number };
    seen.push({ channel: message.channel ?? "", event: message.event, batch: data.batch, i: data.i });
  });
  return seen;
}

async function subscribeAll(pusher: PusherJs, channels: string[]): Promise<void> {
  await Promise.all(channels.map((name) => subscribed(pusher, name)));
}

async function rawSubscriber(server: Awaited<ReturnType<typeof startServer>>, channels: string[], options: WebSocket.ClientOptions = {}): Promise<RawClient> {
  const raw = await rawClient(server, undefined, options);
  await raw.socketId();
  for (const channel of channels) {
    raw.send({ event: "pusher:subscribe", data: { channel } });
    await raw.next("pusher_internal:subscription_succeeded", (frame) => frame.channel === channel);
  }
  return raw;
}

/** Resolves once `raw` has received `count` websocket messages after this call, with their texts. */
function collectMessages(raw: RawClient, count: number): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      texts.push(data.toString());
      if (texts.length < count) return;
      raw.ws.off("message", onMessage);
      resolve(texts);
    };
    raw.ws.on("message", onMessage);
  });
}

describe("coalesced fan-out: framing and order", () => {
  it("a batch_events of 10 across a market's channels reaches every pusher-js client as 10 events, in batch order", async () => {
    const server = await startServer();
    const full = [client(server), client(server), client(server)];
    const partial = client(server);
    const seenFull = full.map(recordEvents);
    const seenPartial = recordEvents(partial);
    await Promise.all(full.map((pusher) => subscribeAll(pusher, MARKET_CHANNELS)));
    await subscribeAll(partial, ["price_channel", "market-global"]);

    const api = sdk(server);
    const batches = [0, 1, 2].map((b) => marketBatch(b));
    // One after another: the order across batches is defined too.
    for (const batch of batches) await api.triggerBatch(batch);
    const expected = batches.flat().map((event) => {
      const data = JSON.parse(event.data) as { batch: number; i: number };
      return { channel: event.channel, event: event.name, batch: data.batch, i: data.i };
    });
    await expect.poll(() => seenFull.map((seen) => seen.length)).toEqual([30, 30, 30]);
    for (const seen of seenFull) expect(seen).toEqual(expected);
    const partialExpected = expected.filter((event) => event.channel === "price_channel" || event.channel === "market-global");
    await expect.poll(() => seenPartial.length).toBe(partialExpected.length);
    expect(seenPartial).toEqual(partialExpected);
  });

  it("batches triggered at once each arrive whole and in their own order, nothing lost", async () => {
    const server = await startServer();
    const clients = [client(server), client(server)];
    const seen = clients.map(recordEvents);
    await Promise.all(clients.map((pusher) => subscribeAll(pusher, MARKET_CHANNELS)));
    const api = sdk(server);
    await Promise.all([0, 1, 2, 3, 4].map((b) => api.triggerBatch(marketBatch(b))));
    await expect.poll(() => seen.map((s) => s.length)).toEqual([50, 50]);
    for (const events of seen) {
      for (const b of [0, 1, 2, 3, 4]) expect(events.filter((e) => e.batch === b).map((e) => e.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it("every event of a batch is its own websocket message carrying one Pusher event", async () => {
    const server = await startServer();
    const raw = await rawSubscriber(server, MARKET_CHANNELS);
    const messages = collectMessages(raw, 10);
    await sdk(server).triggerBatch(marketBatch(7));
    const texts = await messages;
    expect(texts).toHaveLength(10);
    const frames = texts.map((text) => JSON.parse(text) as { event: string; channel: string; data: string });
    expect(frames.map((frame) => [frame.channel, frame.event, (JSON.parse(frame.data) as { i: number }).i])).toEqual(
      marketBatch(7).map((event, i) => [event.channel, event.name, i]),
    );
  });

  it("a client offering permessage-deflate gets the same frames uncompressed (the server never negotiates it)", async () => {
    const server = await startServer();
    const raw = await rawSubscriber(server, MARKET_CHANNELS, { perMessageDeflate: true });
    expect(raw.ws.extensions).toBe("");
    const messages = collectMessages(raw, 10);
    await sdk(server).triggerBatch(marketBatch(3));
    const frames = (await messages).map((text) => JSON.parse(text) as { channel: string; event: string });
    expect(frames.map((frame) => `${frame.channel}/${frame.event}`)).toEqual(marketBatch(3).map((event) => `${event.channel}/${event.name}`));
  });
});

describe("coalesced fan-out: the slow-consumer cutoff", () => {
  it("a reader is not cut off by one turn's own frames, even when a batch is larger than maxBufferedBytes", async () => {
    const server = await startServer({ maxBufferedBytes: 16 * 1024 });
    const reader = client(server);
    const seen = recordEvents(reader);
    await subscribeAll(reader, MARKET_CHANNELS);
    const api = sdk(server);
    // 10 x 9 KB = 90 KB for the reader in one turn, more than five times the cutoff.
    const pad = "x".repeat(9 * 1024);
    for (const b of [0, 1, 2]) await api.triggerBatch(marketBatch(b, pad));
    await expect.poll(() => seen.length).toBe(30);
    expect(seen.map((e) => e.batch * 10 + e.i)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(reader.connection.state).toBe("connected");
  });

  it("drops a subscriber that stopped reading while readers of the same batches get every event in order", async () => {
    const server = await startServer({ maxBufferedBytes: 256 * 1024 });
    const reader = client(server);
    const seen = recordEvents(reader);
    await subscribeAll(reader, MARKET_CHANNELS);
    const slow = await TcpWebSocket.open(server.port, `/app/${APP.key}?protocol=7`);
    try {
      await slow.waitFor("pusher:connection_established");
      for (const channel of MARKET_CHANNELS) slow.sendText(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
      await slow.waitFor(`"pusher_internal:subscription_succeeded","channel":"market-btcusd"`);
      slow.pause();

      const api = sdk(server);
      const slowSubscribed = async () => {
        const response = await api.get({ path: "/channels/price_channel", params: { info: "subscription_count" } });
        return ((await response.json()) as { subscription_count: number }).subscription_count === 2;
      };
      expect(await slowSubscribed()).toBe(true);
      const pad = "x".repeat(9 * 1024);
      // Far more than loopback's kernel buffers hold: without the cutoff the slow socket would never be dropped.
      const cap = 4000;
      let batches = 0;
      while (batches < cap && (await slowSubscribed())) await api.triggerBatch(marketBatch(batches++, pad));
      expect(batches).toBeLessThan(cap);
      await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(batches * 10);
      expect(seen.every((e, n) => e.batch * 10 + e.i === n)).toBe(true);
      expect(reader.connection.state).toBe("connected");
    } finally {
      slow.destroy();
    }
  });
});

// Write syscalls of a real server process, read from /proc/<pid>/io (Linux): what the coalescing saves.
const hasProcIo = existsSync("/proc/self/io");

/** Write-family syscalls (write, writev) the process has made so far. */
function writeSyscalls(pid: number): number {
  const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
  if (!match?.[1]) throw new Error(`no syscw in /proc/${pid}/io`);
  return Number(match[1]);
}

const PROCESS_APP = { id: "300011", key: "coalesce-key", secret: "coalesce-secret" };
let started: Promise<ChannelsProcess & { port: number }> | null = null;
afterAll(async () => {
  const running = started;
  started = null;
  await (await running)?.kill();
});

/** One `npm run channels` process shared by the write-count tests (each opens and closes its own sockets). */
async function sharedServerProcess(): Promise<{ pid: number; port: number }> {
  started ??= startChannelsProcess({ PUSHER_APP_ID: PROCESS_APP.id, PUSHER_KEY: PROCESS_APP.key, PUSHER_SECRET: PROCESS_APP.secret });
  const { child, port } = await started;
  if (!child.pid) throw new Error("the Channels server process has no pid");
  return { pid: child.pid, port };
}

/** Opens a raw websocket and resolves once connection_established arrived. */
function established(port: number, key: string, sockets: WebSocket[]): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${key}?protocol=7`, { perMessageDeflate: false });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.on("error", reject);
    ws.on("message", (raw) => {
      if (raw.toString().includes("pusher:connection_established")) resolve();
    });
  });
}

describe("coalesced fan-out: socket writes", () => {
  it.skipIf(!hasProcIo)("answers a websocket handshake and connection_established with one write", { timeout: 60_000 }, async () => {
    const { pid, port } = await sharedServerProcess();
    const sockets: WebSocket[] = [];
    try {
      // A first connection warms up the server's code paths.
      await established(port, PROCESS_APP.key, sockets);
      const connections = 20;
      // syscw counts every write of the process (its log lines, libuv's wake-ups), which only ever adds: on a
      // loaded machine a round may catch some, so the fewest of up to three rounds is the handshakes' own count.
      let writes = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3 && writes >= connections * 2; round += 1) {
        const before = writeSyscalls(pid);
        for (let i = 0; i < connections; i += 1) await established(port, PROCESS_APP.key, sockets);
        writes = Math.min(writes, writeSyscalls(pid) - before);
      }
      // The 101 answer and the first frame together, not one write each.
      expect(writes).toBeGreaterThanOrEqual(connections);
      expect(writes).toBeLessThan(connections * 2);
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  it.skipIf(!hasProcIo)("writes a batch of 10 events to each subscriber with one write syscall, not ten", { timeout: 60_000 }, async () => {
    const { pid, port } = await sharedServerProcess();
    const subscribers = 20;
    const sockets: WebSocket[] = [];
    try {
      const deliveries: number[] = Array.from({ length: subscribers }, () => 0);
      await Promise.all(
        Array.from({ length: subscribers }, (_, index) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${PROCESS_APP.key}?protocol=7`, { perMessageDeflate: false });
          sockets.push(ws);
          let pending = new Set(MARKET_CHANNELS);
          return new Promise<void>((resolve, reject) => {
            ws.on("error", reject);
            ws.on("message", (raw) => {
              const frame = JSON.parse(raw.toString()) as { event: string; channel?: string };
              if (frame.event === "pusher:connection_established") {
                for (const channel of MARKET_CHANNELS) ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
              } else if (frame.event === "pusher_internal:subscription_succeeded") {
                pending.delete(frame.channel ?? "");
                if (pending.size === 0) resolve();
              } else if (!frame.event.startsWith("pusher")) {
                deliveries[index] = (deliveries[index] ?? 0) + 1;
              }
            });
          }).finally(() => (pending = new Set()));
        }),
      );
      const api = new Pusher({ appId: PROCESS_APP.id, key: PROCESS_APP.key, secret: PROCESS_APP.secret, host: "127.0.0.1", port: String(port), useTLS: false });
      // A first batch warms up the HTTP connection and the server's code paths.
      await api.triggerBatch(marketBatch(0));
      await expect.poll(() => deliveries.every((n) => n === 10)).toBe(true);

      const before = writeSyscalls(pid);
      await api.triggerBatch(marketBatch(1));
      await expect.poll(() => deliveries.every((n) => n === 20)).toBe(true);
      const writes = writeSyscalls(pid) - before;
      // One write per subscriber, plus the HTTP answer: far below the 10 per subscriber of one write per frame.
      expect(writes).toBeGreaterThanOrEqual(subscribers);
      expect(writes).toBeLessThan(subscribers * 2);
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });
});
