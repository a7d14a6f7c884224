// TLS (issue 13): our Channels server serves wss and https on its one port when given a certificate,
// driven by the real `pusher` SDK (useTLS, trusting the test CA through an https agent) and the real
// pusher-js Node client (forceTLS, wss only, trusting the test CA); certificates are made in the test.
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, get as httpsGet } from "node:https";
import { connect as netConnect } from "node:net";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { buildPusherOptions } from "@/lib/pusher/pusher-options";
import { parseEnv } from "@/lib/schemas/env";
import { createPusherServer } from "@/lib/pusher/server";
import { createCa, createTestPki, fingerprintOf, issueServerCertificate, servedFingerprint, type TestPki } from "../support/test-certificates";
import { APP, cleanup, client, nextEvent, startServer, subscribed, waitForState, type ClientOptions } from "./helpers";
import { Receiver } from "./webhook-receiver";
import { loopbackPusherEnv } from "../support/pusher-env";

let pki: TestPki;
const receivers: Receiver[] = [];
let restoreRuntime: (() => void) | null = null;

beforeAll(async () => {
  pki = await createTestPki();
  restoreRuntime = trustInPusherJs(pki.ca.cert);
});
afterAll(() => {
  restoreRuntime?.();
  pki.remove();
});
afterEach(async () => {
  await cleanup();
  while (receivers.length > 0) await receivers.pop()?.stop();
});

type SocketConstructor = ReturnType<typeof PusherJs.Runtime.getWebSocketAPI>;

/**
 * pusher-js's Node runtime opens its sockets (faye-websocket) with no options, so a test CA cannot be
 * passed through pusher-js's own options: wrap the constructor it uses so every socket trusts `ca`.
 * Returns the function that puts the original back.
 */
function trustInPusherJs(ca: string): () => void {
  const runtime = PusherJs.Runtime;
  const original = runtime.getWebSocketAPI;
  const Faye = original.call(runtime) as unknown as new (url: string, protocols: string[], options: { ca: string }) => InstanceType<SocketConstructor>;
  const Trusting = function (url: string) {
    return new Faye(url, [], { ca });
  } as unknown as SocketConstructor;
  runtime.getWebSocketAPI = () => Trusting;
  return () => {
    runtime.getWebSocketAPI = original;
  };
}

/** The SDK over https, trusting `ca` (the test root by default) through its own agent. */
function tlsSdk(server: RunningChannelsServer, ca: string | null = pki.ca.cert): Pusher {
  return new Pusher({
    appId: APP.id,
    key: APP.key,
    secret: APP.secret,
    host: "127.0.0.1",
    port: String(server.port),
    useTLS: true,
    ...(ca === null ? {} : { agent: new Agent({ ca }) }),
  });
}

/** pusher-js with forceTLS (its "ws" transport, the only one enabled, then dials wss://) to localhost, a name the certificate has. */
function tlsClient(server: RunningChannelsServer, options: ClientOptions = {}): PusherJs {
  return client(server, { ...options, extra: { forceTLS: true, wsHost: "localhost", wssPort: server.port, ...options.extra } });
}

/** GET over https with `ca`; resolves with status and body, rejects with the client's error. */
function httpsText(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

const tlsFiles = () => ({ certFile: pki.certFile, keyFile: pki.keyFile });

describe("our Channels server over TLS", () => {
  it("serves wss and https on one port: subscribe, trigger, private and presence auth, webhooks", async () => {
    const receiver = new Receiver();
    receivers.push(receiver);
    const webhookUrl = await receiver.start();
    const server = await startServer({ tls: tlsFiles(), apps: [{ ...APP, webhookUrl }], webhookBatchMs: 5, webhookVacatedDelayMs: 0 });
    expect(server.url).toBe(`wss://127.0.0.1:${server.port}`);
    const api = tlsSdk(server);

    const alice = tlsClient(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    const bob = tlsClient(server, { presence: { user_id: "bob" } });
    const { channel: prices } = await subscribed(alice, "price_channel");
    const update = nextEvent<{ price: string }>(prices, "update");
    expect((await api.trigger("price_channel", "update", { price: "64250.5" })).status).toBe(200);
    expect((await update).data).toEqual({ price: "64250.5" });

    const { channel: mine } = await subscribed(alice, "private-user-alice");
    const confirmation = nextEvent<{ trade: number }>(mine, "trade");
    await api.trigger("private-user-alice", "trade", { trade: 7 });
    expect((await confirmation).data).toEqual({ trade: 7 });

    const { channel: room } = await subscribed(alice, "presence-market");
    const joined = nextEvent<{ id: string }>(room, "pusher:member_added");
    await subscribed(bob, "presence-market");
    expect((await joined).data).toMatchObject({ id: "bob" });
    const users = await api.get({ path: "/channels/presence-market/users" });
    expect(((await users.json()) as { users: { id: string }[] }).users.map((user) => user.id).sort()).toEqual(["alice", "bob"]);

    await receiver.delivery((event) => event.name === "channel_occupied" && event.channel === "price_channel");
    const added = await receiver.delivery((event) => event.name === "member_added" && event.user_id === "bob");
    expect(tlsSdk(server).webhook({ headers: added.headers as Record<string, string>, rawBody: added.rawBody }).isValid()).toBe(true);
  });

  it("the pusher-js options the app renders for a TLS server (PUSHER_USE_TLS: forceTLS) connect over wss", async () => {
    const server = await startServer({ tls: tlsFiles() });
    const config = { key: APP.key, cluster: "mt1", hosted: false, wsHost: null, wsPort: server.port, forceTLS: true, channelAuthEndpoint: "/auth", userAuthEndpoint: "/user-auth" };
    const options = buildPusherOptions(config, "localhost");
    const browserLike = new PusherJs(APP.key, options);
    try {
      const { channel } = await subscribed(browserLike, "price_channel");
      const update = nextEvent<{ price: string }>(channel, "update");
      await tlsSdk(server).trigger("price_channel", "update", { price: "2" });
      expect((await update).data).toEqual({ price: "2" });
    } finally {
      browserLike.disconnect();
    }
  });

  it("the app's SDK (createPusherServer) reaches it with PUSHER_USE_TLS and PUSHER_CA_FILE, and refuses it without the CA", async () => {
    const server = await startServer({ tls: tlsFiles() });
    const env = loopbackPusherEnv(APP, server.port, { PUSHER_USE_TLS: true, PUSHER_CA_FILE: pki.caFile });
    const { channel } = await subscribed(tlsClient(server), "market-btcusd");
    const update = nextEvent<{ price: string }>(channel, "update");
    expect((await createPusherServer(env).trigger("market-btcusd", "update", { price: "1.5" })).status).toBe(200);
    expect((await update).data).toEqual({ price: "1.5" });

    // Without the CA the certificate is refused: the connection really is verified TLS.
    await expect(createPusherServer({ ...env, PUSHER_CA_FILE: undefined }).trigger("market-btcusd", "update", {})).rejects.toMatchObject({
      error: { message: expect.stringMatching(/certificate/i) },
    });
  });

  it("takes a passphrase-protected key and sends the intermediate CA chain, so a client trusting only the root connects", async () => {
    const intermediate = await createCa("Peatio demo test intermediate", pki.ca);
    const leaf = await issueServerCertificate(intermediate, { passphrase: "correct horse" });
    const certFile = pki.write("chain-leaf.pem", leaf.cert);
    const keyFile = pki.write("chain-leaf-key.pem", leaf.key);
    const caFile = pki.write("chain-intermediate.pem", intermediate.cert);

    const server = await startServer({ tls: { certFile, keyFile, caFile, passphrase: "correct horse" } });
    const response = await tlsSdk(server).get({ path: "/channels" });
    expect(response.status).toBe(200);
    await waitForState(tlsClient(server), "connected");

    // The same leaf without its chain: a client that trusts only the root cannot verify it.
    const unchained = await startServer({ tls: { certFile, keyFile, passphrase: "correct horse" } });
    await expect(tlsSdk(unchained).get({ path: "/channels" })).rejects.toMatchObject({ error: { message: expect.stringMatching(/unable to verify the first certificate/) } });
  });

  it("plain http and ws on the TLS port get a 400 that says to use https/wss; https on a plain port fails at once", async () => {
    const server = await startServer({ tls: tlsFiles() });
    const plain = await fetch(`http://127.0.0.1:${server.port}/apps/${APP.id}/channels`);
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/This port speaks TLS: use https:\/\/ or wss:\/\//);

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/app/${APP.key}?protocol=7`);
    const refused = await new Promise<number>((resolve, reject) => {
      ws.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      ws.once("open", () => reject(new Error("a plain websocket was accepted on the TLS port")));
      ws.once("error", reject);
    });
    expect(refused).toBe(400);
    ws.terminate();

    // And the other way round: TLS to our plain port is cut off with a protocol error, not left waiting.
    const plainServer = await startServer();
    await expect(httpsText(`https://127.0.0.1:${plainServer.port}/`, pki.ca.cert)).rejects.toMatchObject({ code: "EPROTO" });
    // The TLS port itself answers https as usual.
    expect(await httpsText(`https://localhost:${server.port}/nowhere`, pki.ca.cert)).toMatchObject({ status: 404 });
  });

  it("closes a connection on the TLS port that sends no TLS, or no handshake within the headers deadline", async () => {
    const server = await startServer({ tls: tlsFiles(), httpHeadersTimeoutMs: 300 });
    /** Resolves with what the server wrote before it closed a raw TCP connection that sent `bytes` (nothing: silent). */
    const answerTo = (bytes: string | null) =>
      new Promise<string>((resolve, reject) => {
        const socket = netConnect({ host: "127.0.0.1", port: server.port }, () => {
          if (bytes !== null) socket.write(bytes);
        });
        let received = "";
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
        socket.on("error", reject);
        socket.on("close", () => resolve(received));
      });
    // Not TLS and not HTTP: closed with no answer (the plain-HTTP 400 is only for requests).
    expect(await answerTo("\x00\x01 not a client hello\r\n\r\n")).toBe("");
    // Connected, silent: closed at the deadline rather than held open.
    expect(await answerTo(null)).toBe("");
  });

  it("a missing, unreadable, mismatched or locked certificate or key stops the start with a message naming the file", async () => {
    const missing = `${pki.dir}/missing-cert.pem`;
    await expect(startServer({ tls: { certFile: missing, keyFile: pki.keyFile } })).rejects.toThrow(
      new RegExp(`TLS certificate \\(CHANNELS_TLS_CERT\\) ${missing}: cannot read it \\(ENOENT`),
    );
    await expect(startServer({ tls: { certFile: pki.certFile, keyFile: pki.dir } })).rejects.toThrow(
      new RegExp(`TLS key \\(CHANNELS_TLS_KEY\\) ${pki.dir}: cannot read it \\(EISDIR`),
    );
    const notPem = pki.write("not-a-cert.pem", "hello\n");
    await expect(startServer({ tls: { certFile: notPem, keyFile: pki.keyFile } })).rejects.toThrow(
      new RegExp(`TLS certificate \\(CHANNELS_TLS_CERT\\) ${notPem}: no PEM certificate in it`),
    );
    const otherKey = pki.write("other-key.pem", (await issueServerCertificate(pki.ca)).key);
    await expect(startServer({ tls: { certFile: pki.certFile, keyFile: otherKey } })).rejects.toThrow(
      new RegExp(`TLS key \\(CHANNELS_TLS_KEY\\) ${otherKey} does not match the certificate ${pki.certFile}`),
    );
    const locked = pki.write("locked-key.pem", (await issueServerCertificate(pki.ca, { passphrase: "right" })).key);
    await expect(startServer({ tls: { certFile: pki.certFile, keyFile: locked, passphrase: "wrong" } })).rejects.toThrow(
      new RegExp(`TLS key \\(CHANNELS_TLS_KEY\\) ${locked}: cannot decrypt it with CHANNELS_TLS_PASSPHRASE`),
    );
  });

  it("reloadTls() shows new connections the new certificate and keeps the open ones; a bad file keeps the old one", async () => {
    const certFile = pki.write("reload-cert.pem", readFileSync(pki.certFile, "utf8"));
    const keyFile = pki.write("reload-key.pem", readFileSync(pki.keyFile, "utf8"));
    const server = await startServer({ tls: { certFile, keyFile } });
    const first = fingerprintOf(readFileSync(certFile, "utf8"));
    expect(await servedFingerprint(server.port, pki.ca.cert)).toBe(first);

    const open = tlsClient(server);
    const { channel } = await subscribed(open, "ticker");
    const states: string[] = [];
    open.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));

    const renewed = await issueServerCertificate(pki.ca);
    writeFileSync(certFile, renewed.cert);
    writeFileSync(keyFile, renewed.key);
    server.reloadTls();
    expect(await servedFingerprint(server.port, pki.ca.cert)).toBe(fingerprintOf(renewed.cert));

    const update = nextEvent<{ n: number }>(channel, "tick");
    await tlsSdk(server).trigger("ticker", "tick", { n: 1 });
    expect((await update).data).toEqual({ n: 1 });
    expect(states).toEqual([]);

    writeFileSync(keyFile, "not a key\n");
    expect(() => server.reloadTls()).toThrow(new RegExp(`TLS key \\(CHANNELS_TLS_KEY\\) ${keyFile}`));
    expect(await servedFingerprint(server.port, pki.ca.cert)).toBe(fingerprintOf(renewed.cert));
  });
});

describe("PUSHER_CA_FILE (the app's env)", () => {
  it("must be a readable file holding a PEM certificate: a bad one stops the start naming the file", () => {
    expect(parseEnv({ PUSHER_CA_FILE: pki.caFile }).PUSHER_CA_FILE).toBe(pki.caFile);
    const missing = `${pki.dir}/no-ca.pem`;
    expect(() => parseEnv({ PUSHER_CA_FILE: missing })).toThrow(new RegExp(`PUSHER_CA_FILE: cannot read ${missing} \\(ENOENT`));
    expect(() => parseEnv({ PUSHER_CA_FILE: pki.keyFile })).toThrow(new RegExp(`PUSHER_CA_FILE: ${pki.keyFile} holds no PEM certificate`));
    expect(parseEnv({ PUSHER_CA_FILE: "" }).PUSHER_CA_FILE).toBeUndefined();
  });
});
