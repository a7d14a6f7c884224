// Websocket protocol 7: handshake, ping/pong, liveness (4201), refusal codes, malformed frames, 4200 shutdown.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, client, decoded, manualClock, nextMessage, rawClient, roundTrip, startServer, waitForState } from "./helpers";

afterEach(cleanup);

describe("handshake", () => {
  it("pusher-js connects and gets a socket id shaped like 123.456", async () => {
    const server = await startServer();
    const pusher = client(server);
    await waitForState(pusher, "connected");
    expect(pusher.connection.socket_id).toMatch(/^\d+\.\d+$/);
  });

  it("sends connection_established with data as a JSON string", async () => {
    const server = await startServer({ activityTimeout: 42 });
    const raw = await rawClient(server);
    const frame = await raw.next("pusher:connection_established");
    expect(typeof frame.data).toBe("string");
    const data = decoded<{ socket_id: string; activity_timeout: number }>(frame);
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(42);
  });

  it("refuses an unknown app key with pusher:error 4001, then close 4001", async () => {
    const server = await startServer();
    const raw = await rawClient(server, "/app/no-such-key?protocol=7");
    const error = await raw.next("pusher:error");
    expect(error.data).toMatchObject({ code: 4001 });
    expect((await raw.closed).code).toBe(4001);
  });

  it("pusher-js sees 4001 for an unknown key and gives up (disconnected, no retry)", async () => {
    const server = await startServer();
    const wrong = client(server, { key: "wrong-key" });
    const code = new Promise<number | undefined>((resolve) =>
      wrong.connection.bind("error", (error: { error?: { data?: { code?: number } } }) => resolve(error.error?.data?.code)),
    );
    await waitForState(wrong, "disconnected");
    expect(await code).toBe(4001);
  });

  it.each([
    ["no protocol", "", 4008],
    ["protocol 3", "?protocol=3", 4007],
    ["protocol 99", "?protocol=99", 4007],
    ["protocol abc", "?protocol=abc", 4006],
  ])("refuses %s with its code", async (_label, query, code) => {
    const server = await startServer();
    const raw = await rawClient(server, `/app/${APP.key}${query}`);
    expect((await raw.next("pusher:error")).data).toMatchObject({ code });
    expect((await raw.closed).code).toBe(code);
  });

  it("refuses a disabled app with 4003 and over-quota connections with 4004", async () => {
    const disabled = await startServer({ apps: [{ ...APP, enabled: false }] });
    const raw = await rawClient(disabled);
    expect((await raw.closed).code).toBe(4003);

    const limited = await startServer({ apps: [{ ...APP, maxConnections: 1 }] });
    const first = await rawClient(limited);
    await first.next("pusher:connection_established");
    const second = await rawClient(limited);
    expect((await second.next("pusher:error")).data).toMatchObject({ code: 4004 });
    expect((await second.closed).code).toBe(4004);
  });

  it("answers malformed percent-encoding in the app key with HTTP 400 and keeps serving", async () => {
    const server = await startServer();
    const ws = new WebSocket(`${server.url}/app/%E0?protocol=7`);
    ws.on("error", () => undefined);
    const status = await new Promise<number>((resolve) => ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(400);
    ws.terminate();
    const raw = await rawClient(server);
    await raw.socketId();
  });

  it("refuses an unknown key longer than a close reason allows (multi-byte) with 4001 and a reason of at most 123 bytes", async () => {
    const server = await startServer();
    const key = "鍵".repeat(40);
    const raw = await rawClient(server, `/app/${encodeURIComponent(key)}?protocol=7`);
    const error = await raw.next("pusher:error");
    expect(error.data).toMatchObject({ code: 4001 });
    const message = (error.data as { message: string }).message;
    const closed = await raw.closed;
    expect(closed.code).toBe(4001);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason.length).toBeGreaterThan(0);
    expect(message.startsWith(closed.reason)).toBe(true);
    const next = await rawClient(server);
    await next.socketId();
  });

  it("answers an upgrade outside /app/<key> with HTTP 404", async () => {
    const server = await startServer();
    const ws = new WebSocket(`${server.url}/nope`);
    ws.on("error", () => undefined);
    const status = await new Promise<number>((resolve) => ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
    ws.terminate();
  });
});

describe("ping and liveness", () => {
  it("answers pusher:ping with pusher:pong", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.next("pusher:connection_established");
    raw.send({ event: "pusher:ping", data: {} });
    expect((await raw.next("pusher:pong")).event).toBe("pusher:pong");
  });

  // Time is a hand-moved clock: the server's sweep (every 5 ms) acts only when the test moves it.
  const liveness = () => {
    const clock = manualClock();
    return { clock, config: { activityTimeout: 10, pongTimeout: 5, clock: clock.now, activityCheckIntervalMs: 5 } };
  };

  it("pings a silent client (websocket ping and pusher:ping) and keeps it while it answers", async () => {
    const { clock, config } = liveness();
    const server = await startServer(config);
    const raw = await rawClient(server);
    await raw.next("pusher:connection_established");
    const wsPing = new Promise<void>((resolve) => raw.ws.once("ping", () => resolve()));
    clock.advance(10_000);
    await raw.next("pusher:ping");
    await wsPing;
    raw.send({ event: "pusher:pong", data: {} });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");
    // Past the pong timeout and a whole activity timeout later: an unanswered ping would now be a 4201.
    clock.advance(10_000);
    await raw.next("pusher:ping");
    expect(raw.frames.some((frame) => frame.event === "pusher:error")).toBe(false);
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("keeps a pusher-js client through repeated server ping cycles", async () => {
    const { clock, config } = liveness();
    const server = await startServer(config);
    const pusher = client(server);
    await waitForState(pusher, "connected");
    const errors: unknown[] = [];
    pusher.connection.bind("error", (error: unknown) => errors.push(error));
    for (let cycle = 0; cycle < 4; cycle += 1) {
      const ping = nextMessage(pusher, "pusher:ping");
      clock.advance(10_000);
      await ping;
      // pusher-js answered the ping before this round trip: the server has handled the answer.
      await roundTrip(pusher);
      clock.advance(5_000);
    }
    expect(errors).toEqual([]);
    expect(pusher.connection.state).toBe("connected");
  });

  it("closes a client that answers nothing with pusher:error 4201 then close 4201", async () => {
    const { clock, config } = liveness();
    const server = await startServer(config);
    const raw = await rawClient(server, undefined, { autoPong: false });
    await raw.next("pusher:connection_established");
    clock.advance(10_000);
    await raw.next("pusher:ping");
    clock.advance(5_000);
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4201 });
    expect((await raw.closed).code).toBe(4201);
  });
});

describe("malformed frames", () => {
  it.each([
    ["text that is not JSON", "{nope"],
    ["JSON without an event", JSON.stringify({ data: {} })],
    ["a non-object", JSON.stringify([1, 2])],
    ["subscribe without a channel", JSON.stringify({ event: "pusher:subscribe", data: {} })],
    ["signin without auth", JSON.stringify({ event: "pusher:signin", data: { user_data: "{}" } })],
    ["an unknown event", JSON.stringify({ event: "pusher:nonsense", data: {} })],
  ])("answers %s with pusher:error 4300 and keeps the socket usable", async (_label, text) => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.next("pusher:connection_established");
    raw.send(text);
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4300 });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");
  });

  it("answers a binary frame with 4300", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.next("pusher:connection_established");
    raw.ws.send(Buffer.from(JSON.stringify({ event: "pusher:ping" })), { binary: true });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4300 });
  });
});

describe("graceful shutdown", () => {
  it("sends pusher:error 4200 and closes with 4200", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.next("pusher:connection_established");
    const closed = server.close();
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4200 });
    expect((await raw.closed).code).toBe(4200);
    await closed;
  });

  it("pusher-js reconnects after 4200 to a server started on the same port", async () => {
    const first = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }] });
    const pusher = client(first);
    await waitForState(pusher, "connected");
    const oldSocketId = pusher.connection.socket_id;
    const leftConnected = new Promise<void>((resolve) =>
      pusher.connection.bind("state_change", ({ previous }: { previous: string }) => previous === "connected" && resolve()),
    );
    // close() stops listening before it sends 4200, so the new server can bind the port at once.
    const closing = first.close();
    const second = await startServer({ port: first.port });
    await closing;
    await leftConnected;
    await waitForState(pusher, "connected");
    expect(pusher.connection.socket_id).not.toBe(oldSocketId);
    expect(second.port).toBe(first.port);
  });
});
