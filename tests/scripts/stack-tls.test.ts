// `npm start -- --tls` (issue 13): the self-signed certificate made on first run and reused after, and what
// the flag hands to the app (https, PUSHER_USE_TLS, PUSHER_CA_FILE) and to the Channels server (the
// certificate, trust for webhooks to the https app); checked by real TLS handshakes and the real parsers.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, createServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { loadChannelsConfig } from "@/lib/channels/index";
import { getPusherClientConfig } from "@/lib/pusher/client-config";
import { resolvePusherTarget } from "@/lib/pusher/resolve-target";
import { parseEnv } from "@/lib/schemas/env";
import { ensureLocalCertificate } from "@/scripts/lib/local-tls";
import { appEnvironment, browserUrl, channelsEnvironment, httpUrl } from "@/scripts/lib/stack";
import { parseTlsFlag, resolveStackTls, tlsAppEnvironment, tlsChannelsEnvironment } from "@/scripts/lib/stack-tls";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-local-tls-"));
  dirs.push(dir);
  return dir;
}

/** Serves TLS with the pair and connects as a client that trusts only the certificate itself, naming `servername`. */
async function trustedHandshake(certFile: string, keyFile: string, servername: string): Promise<boolean> {
  const cert = readFileSync(certFile, "utf8");
  const server = createServer({ cert, key: readFileSync(keyFile, "utf8") }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<boolean>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port, servername, ca: cert }, () => {
        resolve(socket.authorized);
        socket.end();
      });
      socket.on("error", reject);
    });
  } finally {
    server.close();
  }
}

describe("ensureLocalCertificate", () => {
  it("makes a certificate for localhost, 127.0.0.1 and ::1 on first run (key readable by the owner only) and reuses it after", async () => {
    const dir = tempDir();
    const first = await ensureLocalCertificate(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(first.certFile));
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.ca).toBe(false);
    expect(await trustedHandshake(first.certFile, first.keyFile, "localhost")).toBe(true);

    const again = await ensureLocalCertificate(dir);
    expect(again).toEqual({ ...first, created: false });
    expect(new X509Certificate(readFileSync(again.certFile)).fingerprint256).toBe(cert.fingerprint256);
  });

  it("makes a new one for a HOST it does not cover, and one about to expire", async () => {
    const dir = tempDir();
    const first = await ensureLocalCertificate(dir);
    const lan = await ensureLocalCertificate(dir, "192.168.1.20");
    expect(lan.created).toBe(true);
    expect(new X509Certificate(readFileSync(lan.certFile)).checkIP("192.168.1.20")).toBe("192.168.1.20");
    expect((await ensureLocalCertificate(dir, "0.0.0.0")).created).toBe(false);
    const later = Date.now() + 360 * 86_400_000;
    expect((await ensureLocalCertificate(dir, "192.168.1.20", later)).created).toBe(true);
    expect(first.certFile).toBe(lan.certFile);
  });
});

describe("npm start -- --tls", () => {
  it("is off unless asked for", () => {
    expect(parseTlsFlag([])).toBe(false);
    expect(parseTlsFlag(["--simulate", "--tls"])).toBe(true);
    expect(browserUrl("127.0.0.1", 3000, "https")).toBe("https://localhost:3000");
    expect(httpUrl("127.0.0.1", 3000)).toBe("http://127.0.0.1:3000");
  });

  it("hands the app https, PUSHER_USE_TLS and the self-signed certificate as PUSHER_CA_FILE; the Channels server the certificate and trust for webhooks", async () => {
    const tls = await resolveStackTls({}, "127.0.0.1", tempDir());
    expect(tls).toMatchObject({ created: true, selfSignedFile: tls.certFile });
    const base = { CHANNELS_APP_ID: "555", CHANNELS_APP_KEY: "generated-key", CHANNELS_APP_SECRET: "generated-secret" };

    const app = appEnvironment(base, browserUrl("127.0.0.1", 3000, "https"), 6001);
    Object.assign(app, tlsAppEnvironment(app, tls));
    expect(app).toMatchObject({ PUSHER_USE_TLS: "true", PUSHER_CA_FILE: tls.certFile, NEXTAUTH_URL: "https://localhost:3000" });
    const parsed = parseEnv(app);
    expect(resolvePusherTarget(parsed)).toMatchObject({ kind: "local", host: "127.0.0.1", port: 6001, useTLS: true });
    expect(getPusherClientConfig(parsed)).toMatchObject({ hosted: false, wsPort: 6001, forceTLS: true });

    const channels = channelsEnvironment(base, httpUrl("127.0.0.1", 3000, "https"));
    Object.assign(channels, tlsChannelsEnvironment(channels, tls));
    expect(channels).toMatchObject({ CHANNELS_TLS_CERT: tls.certFile, CHANNELS_TLS_KEY: tls.keyFile, NODE_EXTRA_CA_CERTS: tls.certFile });
    const config = loadChannelsConfig(channels);
    expect(config.tls).toEqual({ certFile: tls.certFile, keyFile: tls.keyFile, caFile: undefined, passphrase: undefined });
    expect(config.apps[0]?.webhookUrl).toBe("https://127.0.0.1:3000/api/pusher/webhook");
  });

  it("keeps a NODE_EXTRA_CA_CERTS already set (Node reads one file): the Channels server gets a bundle of it and the certificate", async () => {
    const dir = tempDir();
    const tls = await resolveStackTls({}, "127.0.0.1", dir);
    const other = await ensureLocalCertificate(path.join(dir, "other"));
    const systemBundle = path.join(dir, "system.pem");
    writeFileSync(systemBundle, readFileSync(other.certFile, "utf8"));
    const trust = tlsChannelsEnvironment({ NODE_EXTRA_CA_CERTS: systemBundle }, tls).NODE_EXTRA_CA_CERTS ?? "";
    expect(trust).not.toBe(systemBundle);
    const text = readFileSync(trust, "utf8");
    expect(text.startsWith(readFileSync(systemBundle, "utf8").trimEnd())).toBe(true);
    expect(text.endsWith(readFileSync(tls.certFile, "utf8"))).toBe(true);
    expect(tlsChannelsEnvironment({ NODE_EXTRA_CA_CERTS: path.join(dir, "gone.pem") }, tls).NODE_EXTRA_CA_CERTS).toBe(tls.certFile);
  });

  it("uses your CHANNELS_TLS_CERT/KEY instead, checked before anything starts (a bad file is named); the app follows our server's TLS even without --tls", async () => {
    const dir = tempDir();
    const own = await ensureLocalCertificate(dir);
    const tls = await resolveStackTls({ CHANNELS_TLS_CERT: own.certFile, CHANNELS_TLS_KEY: own.keyFile }, "127.0.0.1", path.join(dir, "unused"));
    expect(tls).toEqual({ certFile: own.certFile, keyFile: own.keyFile, created: false });
    expect(tlsChannelsEnvironment({}, tls)).toEqual({ CHANNELS_TLS_CERT: own.certFile, CHANNELS_TLS_KEY: own.keyFile });

    const missing = path.join(dir, "nope.pem");
    await expect(resolveStackTls({ CHANNELS_TLS_CERT: missing, CHANNELS_TLS_KEY: own.keyFile }, "127.0.0.1")).rejects.toThrow(
      `TLS certificate (CHANNELS_TLS_CERT) ${missing}: cannot read it`,
    );
    await expect(resolveStackTls({ CHANNELS_TLS_CERT: own.certFile }, "127.0.0.1")).rejects.toThrow("CHANNELS_TLS_KEY is required with CHANNELS_TLS_CERT");

    expect(appEnvironment({ CHANNELS_TLS_CERT: own.certFile }, "http://localhost:3000", 6001).PUSHER_USE_TLS).toBe("true");
    expect(appEnvironment({}, "http://localhost:3000", 6001).PUSHER_USE_TLS).toBeUndefined();
  });
});
