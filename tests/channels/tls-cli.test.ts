// `npm run channels` with TLS (issue 13): CHANNELS_TLS_* from env, wss:// in the listening line, signed
// webhooks to an https receiver trusted through NODE_EXTRA_CA_CERTS (what `npm start -- --tls` does),
// SIGHUP reloads the certificate without dropping open connections, and a bad file stops the start
// with a message naming it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadChannelsConfig } from "@/lib/channels/index";
import { spawnChannelsProcess, type ChannelsProcess } from "../support/channels-process";
import { createTestPki, fingerprintOf, issueServerCertificate, servedFingerprint, type TestPki } from "../support/test-certificates";
import { RawClient } from "./helpers";
import { Receiver } from "./webhook-receiver";

const base = { PUSHER_APP_ID: "123", PUSHER_KEY: "key", PUSHER_SECRET: "secret" };

let pki: TestPki;
const children: ChannelsProcess[] = [];
const receivers: Receiver[] = [];

beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(() => pki.remove());
afterEach(async () => {
  await Promise.all(children.splice(0).map((cli) => cli.kill()));
  while (receivers.length > 0) await receivers.pop()?.stop();
});

/** Starts scripts/channels-server.ts with `env` on top of the credentials. */
function startCli(env: Record<string, string>): ChannelsProcess {
  const cli = spawnChannelsProcess({ ...base, ...env });
  children.push(cli);
  return cli;
}

describe("loadChannelsConfig: CHANNELS_TLS_*", () => {
  it("reads the certificate, key, chain and passphrase; plain when unset", () => {
    expect(loadChannelsConfig(base).tls).toBeUndefined();
    expect(
      loadChannelsConfig({ ...base, CHANNELS_TLS_CERT: "/c.pem", CHANNELS_TLS_KEY: "/k.pem", CHANNELS_TLS_CA: "/ca.pem", CHANNELS_TLS_PASSPHRASE: "pw" }).tls,
    ).toEqual({ certFile: "/c.pem", keyFile: "/k.pem", caFile: "/ca.pem", passphrase: "pw" });
  });

  it("needs the key with the certificate, and the certificate with the rest", () => {
    expect(() => loadChannelsConfig({ ...base, CHANNELS_TLS_CERT: "/c.pem" })).toThrow(/CHANNELS_TLS_KEY: is required with CHANNELS_TLS_CERT/);
    expect(() => loadChannelsConfig({ ...base, CHANNELS_TLS_KEY: "/k.pem", CHANNELS_TLS_PASSPHRASE: "pw" })).toThrow(
      /CHANNELS_TLS_KEY: needs CHANNELS_TLS_CERT[\s\S]*CHANNELS_TLS_PASSPHRASE: needs CHANNELS_TLS_CERT/,
    );
  });
});

describe("scripts/channels-server.ts with TLS", () => {
  it("serves wss, sends webhooks to an https receiver, and reloads its certificate on SIGHUP keeping open sockets", async () => {
    const receiver = new Receiver(() => 200, { cert: readFileSync(pki.certFile, "utf8"), key: readFileSync(pki.keyFile, "utf8") });
    receivers.push(receiver);
    const webhookUrl = await receiver.start();
    const certFile = pki.write("cli-cert.pem", readFileSync(pki.certFile, "utf8"));
    const keyFile = pki.write("cli-key.pem", readFileSync(pki.keyFile, "utf8"));
    const cli = startCli({
      CHANNELS_TLS_CERT: certFile,
      CHANNELS_TLS_KEY: keyFile,
      CHANNELS_WEBHOOK_URL: webhookUrl,
      CHANNELS_WEBHOOK_VACATED_DELAY_MS: "0",
      NODE_EXTRA_CA_CERTS: pki.caFile,
    });
    const listening = await cli.waitFor(/^Channels server listening on/);
    const match = /^Channels server listening on (wss:\/\/127\.0\.0\.1:(\d+)) \(app 123\)$/.exec(listening);
    expect(match).not.toBeNull();
    const port = Number(match?.[2]);

    const raw = new RawClient(new WebSocket(`wss://localhost:${port}/app/key?protocol=7`, { ca: pki.ca.cert }));
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "hooked" } });
    await raw.next("pusher_internal:subscription_succeeded");
    await receiver.delivery((event) => event.name === "channel_occupied" && event.channel === "hooked");

    const renewed = await issueServerCertificate(pki.ca);
    writeFileSync(certFile, renewed.cert);
    writeFileSync(keyFile, renewed.key);
    cli.child.kill("SIGHUP");
    await cli.waitFor(new RegExp(`TLS certificate reloaded from ${certFile}`));
    expect(await servedFingerprint(port, pki.ca.cert)).toBe(fingerprintOf(renewed.cert));

    // The socket opened before the reload is still served.
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");

    // A broken file on the next SIGHUP: the old certificate stays, the message names the file.
    writeFileSync(keyFile, "oops\n");
    cli.child.kill("SIGHUP");
    await cli.waitFor(new RegExp(`kept the current TLS certificate: TLS key \\(CHANNELS_TLS_KEY\\) ${keyFile}: no PEM private key in it`));
    expect(await servedFingerprint(port, pki.ca.cert)).toBe(fingerprintOf(renewed.cert));

    cli.child.kill("SIGTERM");
    expect((await raw.closed).code).toBe(4200);
    expect(await cli.exited).toBe(0);
  });

  it("exits 1 naming the file when the certificate cannot be read", async () => {
    const missing = path.join(pki.dir, "nope.pem");
    const cli = startCli({ CHANNELS_TLS_CERT: missing, CHANNELS_TLS_KEY: pki.keyFile });
    expect(await cli.exited).toBe(1);
    expect(cli.lines.join("\n")).toContain(`Channels server failed to start: TLS certificate (CHANNELS_TLS_CERT) ${missing}: cannot read it (ENOENT`);
  });
});
