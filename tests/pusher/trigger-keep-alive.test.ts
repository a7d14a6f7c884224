// The app's `pusher` SDK (createPusherServer) against our Channels server in its own process, at the moment
// the server closes an idle keep-alive connection: the classic race in which a trigger is written to a socket
// the server has just closed, and fails with ECONNRESET before any answer. The app's event loop being busy
// across that moment (a render, a burst of commands on 2 loaded cores) is what makes it happen: the client's
// idle timer cannot fire while the loop is blocked. Linux: the connection's state is read from /proc/net/tcp.
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import PusherJs from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PusherEnv } from "@/lib/pusher/resolve-target";
import { createPusherServer } from "@/lib/pusher/server";
import { startChannelsProcess, type ChannelsProcess } from "../support/channels-process";
import { createTestPki, type TestPki } from "../support/test-certificates";
import { APP, disconnect, nextEvent, subscribed } from "../channels/helpers";
import { loopbackPusherEnv } from "../support/pusher-env";

/** Longest the server may take to close an idle keep-alive connection (Node's keepAliveTimeout is 5 s). */
const SERVER_CLOSE_BOUND_MS = 20_000;

let pki: TestPki;
const processes: ChannelsProcess[] = [];
const clients: PusherJs[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  pki = await createTestPki();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map(disconnect));
  await Promise.all(processes.splice(0).map((server) => server.kill()));
  for (const server of servers.splice(0)) server.close();
});
afterAll(() => pki.remove());

/** The app's env pointing at our Channels server on `port` (https with the test CA when `tls`). */
function appEnv(port: number, tls: boolean): PusherEnv {
  return loopbackPusherEnv(APP, port, tls ? { PUSHER_USE_TLS: true, PUSHER_CA_FILE: pki.caFile } : {});
}

/** TCP states (hex, as /proc/net/tcp writes them) of this machine's IPv4 connections to 127.0.0.1:`port`. */
function statesOfConnectionsTo(port: number): string[] {
  const remote = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2] === remote)
    .map((fields) => fields[3] ?? "");
}

const CLOSE_WAIT = "08";
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks this process (as a busy app's event loop is blocked) until the server has closed our idle
 * connection to each port: the kernel holds its FIN (CLOSE_WAIT), Node has not read it yet.
 */
function blockUntilServerClosedIdleConnections(ports: number[]): void {
  const start = Date.now();
  while (!ports.every((port) => statesOfConnectionsTo(port).includes(CLOSE_WAIT))) {
    if (Date.now() - start > SERVER_CLOSE_BOUND_MS) throw new Error(`no connection to ${ports.join(", ")} was closed by the server: ${ports.map(statesOfConnectionsTo).join(" / ")}`);
    Atomics.wait(pause, 0, 0, 10);
  }
}

/** Lets the response's end and the socket's return to the agent's pool happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("triggers at the Channels server's keep-alive timeout", () => {
  it("a trigger written as the server closes the idle connection is delivered (http and https)", { timeout: 60_000 }, async () => {
    const credentials = { PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret };
    const [plain, secure] = await Promise.all([
      startChannelsProcess(credentials),
      startChannelsProcess({ ...credentials, CHANNELS_TLS_CERT: pki.certFile, CHANNELS_TLS_KEY: pki.keyFile }),
    ]);
    processes.push(plain, secure);
    const subscriber = new PusherJs(APP.key, { cluster: "mt1", wsHost: "127.0.0.1", wsPort: plain.port, forceTLS: false, enabledTransports: ["ws"] });
    clients.push(subscriber);
    const { channel } = await subscribed(subscriber, "market-btcusd");

    const viaHttp = createPusherServer(appEnv(plain.port, false));
    const viaHttps = createPusherServer(appEnv(secure.port, true));
    const first = nextEvent<{ n: number }>(channel, "update");
    // One trigger each opens a keep-alive connection, back in the SDK's pool once answered.
    for (const sdk of [viaHttp, viaHttps]) {
      const response = await sdk.trigger("market-btcusd", "update", { n: 1 });
      expect(response.status).toBe(200);
      await response.text();
    }
    await settle();
    expect((await first).data).toEqual({ n: 1 });

    blockUntilServerClosedIdleConnections([plain.port, secure.port]);
    const second = nextEvent<{ n: number }>(channel, "update");
    const answers = [viaHttp.trigger("market-btcusd", "update", { n: 2 }), viaHttps.trigger("market-btcusd", "update", { n: 2 })];

    const outcomes = await Promise.all(answers.map((answer) => answer.then((response) => response.status, (error: unknown) => describeError(error))));
    expect(outcomes).toEqual([200, 200]);
    expect((await second).data).toEqual({ n: 2 });
  });

  it("a connection reset on a new connection is not retried: the trigger may have been acted on", async () => {
    // A peer that takes each connection and resets it once the request arrives (no answer).
    let connections = 0;
    const resetting = createServer((socket: Socket) => {
      connections += 1;
      socket.once("data", () => socket.resetAndDestroy());
    });
    servers.push(resetting);
    await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
    const address = resetting.address();
    if (address === null || typeof address === "string") throw new Error("no port");

    const error: unknown = await createPusherServer(appEnv(address.port, false)).trigger("market-btcusd", "update", { n: 1 }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(describeError(error)).toMatch(/ECONNRESET/);
    expect(connections).toBe(1);
  });
});

/** "CODE message" of the SDK's RequestError (its network cause), for a readable failure. */
function describeError(error: unknown): string {
  const cause = (error as { error?: { code?: string; message?: string } } | null)?.error;
  return cause ? `${cause.code ?? ""} ${cause.message ?? ""}` : String(error);
}
