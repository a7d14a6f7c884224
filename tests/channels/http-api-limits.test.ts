// The HTTP API shares its port with the browsers' websockets, so it is public: who is asking is checked
// from the query before any body byte is read, bodies being read are capped, and slow senders are cut off.
import { createHash } from "node:crypto";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, client, hmacHex, nextEvent, sdk, startServer, subscribed } from "./helpers";

afterEach(cleanup);

/** A raw HTTP/1.1 client on a TCP socket: sends what it is told, when it is told, and records the answer. */
class SlowRequest {
  received = "";
  readonly closed: Promise<void>;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received += chunk.toString("latin1");
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
  }

  /** Connects and writes `head` (request line and headers, possibly incomplete) and `bodyStart`. */
  static async open(server: RunningChannelsServer, head: string, bodyStart = ""): Promise<SlowRequest> {
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const request = new SlowRequest(socket);
    closers.push(() => socket.destroy());
    socket.write(head + bodyStart);
    return request;
  }

  /** The status line's code once the server answers, or "no answer" if it has not within `ms` (the defect: it waits for the body). */
  async status(ms = 5000): Promise<number | "no answer"> {
    const deadline = Date.now() + ms;
    while (!this.received.includes("\r\n")) {
      const left = deadline - Date.now();
      if (left <= 0) return "no answer";
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(this.received)?.[1]);
  }

  /** Whether the server closed the connection within `ms`. */
  async closedWithin(ms = 5000): Promise<boolean> {
    return Promise.race([this.closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  }
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});


/** The query pusher-http-node would send for `body`, signed with `secret`; `change` edits params before signing. */
function signedQuery(path: string, body: string, options: { secret?: string; change?: (params: Record<string, string>) => void } = {}): string {
  const params: Record<string, string> = {
    auth_key: APP.key,
    auth_timestamp: String(Math.floor(Date.now() / 1000)),
    auth_version: "1.0",
    body_md5: createHash("md5").update(body).digest("hex"),
  };
  options.change?.(params);
  const sorted = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const signature = hmacHex(options.secret ?? APP.secret, `POST\n${path}\n${sorted}`);
  return new URLSearchParams({ ...params, auth_signature: signature }).toString();
}

/** Headers of a POST announcing `length` body bytes. */
function postHead(path: string, query: string, length: number): string {
  return `POST ${path}?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

const EVENTS_PATH = `/apps/${APP.id}/events`;
/** About 200 KB, as in the attack: under the body limit, over the event data limit (413 once read). */
const bigBody = JSON.stringify({ name: "e", channels: ["c"], data: "x".repeat(200_000) });
const BODY_BYTES = Buffer.byteLength(bigBody);

describe("HTTP API: the query is checked before the body is read", () => {
  it.each<[string, (params: Record<string, string>) => void, string | undefined]>([
    ["a signature by another secret", () => undefined, "not-the-secret"],
    ["an unknown auth_key", (p) => (p.auth_key = "someone-else"), undefined],
    ["auth_version 2.0", (p) => (p.auth_version = "2.0"), undefined],
    ["a timestamp an hour old", (p) => (p.auth_timestamp = String(Math.floor(Date.now() / 1000) - 3600)), undefined],
    ["no auth_key", (p) => delete p.auth_key, undefined],
  ])("answers a stalled POST with %s with 401 at once and closes it, without waiting for its body", async (_label, change, secret) => {
    const server = await startServer();
    const query = signedQuery(EVENTS_PATH, bigBody, { change, secret });
    // 1 KB of a 200 KB body, then nothing: the attack held ~200 KB per request for 300 s.
    const request = await SlowRequest.open(server, postHead(EVENTS_PATH, query, BODY_BYTES), bigBody.slice(0, 1000));
    expect(await request.status()).toBe(401);
    expect(await request.closedWithin()).toBe(true);
  });

  it("still reads and answers a signed request whose body arrives, and refuses a body that does not match body_md5", async () => {
    const server = await startServer();
    const pusher = client(server);
    const { channel } = await subscribed(pusher, "c");
    const got = nextEvent(channel, "e");
    const query = signedQuery(EVENTS_PATH, bigBody);
    const request = await SlowRequest.open(server, postHead(EVENTS_PATH, query, BODY_BYTES), bigBody.slice(0, 1000));
    request.socket.write(bigBody.slice(1000));
    // 200 KB of data is over the 10 KB event limit: read, checked, refused with 413 (not 401, not a hang).
    expect(await request.status()).toBe(413);

    const small = JSON.stringify({ name: "e", channels: ["c"], data: "{}" });
    const ok = await SlowRequest.open(server, postHead(EVENTS_PATH, signedQuery(EVENTS_PATH, small), small.length), small);
    expect(await ok.status()).toBe(200);
    await got;

    const swapped = JSON.stringify({ name: "e", channels: ["c"], data: "[]" });
    const forged = await SlowRequest.open(server, postHead(EVENTS_PATH, signedQuery(EVENTS_PATH, small), swapped.length), swapped);
    expect(await forged.status()).toBe(401);
    expect(forged.received).toContain("body_md5 does not match");
  });
});

describe("HTTP API: slow senders", () => {
  it("answers a signed request whose body stalls with 408 after httpBodyTimeoutMs and closes it", async () => {
    const server = await startServer({ httpBodyTimeoutMs: 300 });
    const request = await SlowRequest.open(server, postHead(EVENTS_PATH, signedQuery(EVENTS_PATH, bigBody), BODY_BYTES), bigBody.slice(0, 1000));
    expect(await request.status()).toBe(408);
    expect(await request.closedWithin()).toBe(true);
  });

  it("closes a connection whose headers stall after httpHeadersTimeoutMs", async () => {
    const server = await startServer({ httpHeadersTimeoutMs: 300 });
    const request = await SlowRequest.open(server, `POST ${EVENTS_PATH}?auth_key=${APP.key} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    expect(await request.closedWithin()).toBe(true);
    expect(request.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it("reads at most httpMaxPendingBodies bodies at once: beyond, 503 at once; a finished body frees its slot", async () => {
    const server = await startServer({ httpMaxPendingBodies: 2, httpBodyTimeoutMs: 15_000 });
    const query = signedQuery(EVENTS_PATH, bigBody);
    const stalled = [
      await SlowRequest.open(server, postHead(EVENTS_PATH, query, BODY_BYTES), bigBody.slice(0, 1000)),
      await SlowRequest.open(server, postHead(EVENTS_PATH, query, BODY_BYTES), bigBody.slice(0, 1000)),
    ];
    const api = sdk(server);
    const statusOf = (promise: Promise<{ status: number }>) =>
      promise.then(
        (response) => response.status,
        (error: unknown) => (error as { status?: number }).status ?? -1,
      );
    // The two stalled requests take both slots as soon as the server has read their headers.
    await expect.poll(() => statusOf(api.trigger("c", "e", {})), { timeout: 5000, interval: 20 }).toBe(503);
    stalled[0]?.socket.write(bigBody.slice(1000));
    expect(await stalled[0]?.status()).toBe(413);
    expect(await statusOf(api.trigger("c", "e", {}))).toBe(200);
  });

  it("keeps websockets open past the HTTP request timeouts", async () => {
    const server = await startServer({ httpHeadersTimeoutMs: 100, httpBodyTimeoutMs: 100 });
    const pusher = client(server);
    const { channel } = await subscribed(pusher, "long-lived");
    // Several rounds of the server's connection check (at most every 1 s, here every 25 ms).
    await new Promise((resolve) => setTimeout(resolve, 600));
    const got = nextEvent(channel, "still-here");
    await sdk(server).trigger("long-lived", "still-here", {});
    await got;
    expect(pusher.connection.state).toBe("connected");
  });
});
