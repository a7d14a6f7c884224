// Fresh certificates for TLS tests, made in the test run (selfsigned, no openssl binary): a test root CA,
// an intermediate CA under it, and localhost server certificates, written as PEM files to a temp dir.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect as tlsConnect } from "node:tls";
import { generate } from "selfsigned";

type CertificateExtension = NonNullable<NonNullable<Parameters<typeof generate>[1]>["extensions"]>[number];

/** A certificate with its private key, as PEM text. */
export interface Pem {
  cert: string;
  key: string;
}

/** What createTestPki made: PEM files in `dir` (removed by `remove()`). */
export interface TestPki {
  dir: string;
  /** The test root CA: what a client trusts. */
  ca: Pem;
  caFile: string;
  /** A server certificate for localhost, 127.0.0.1 and ::1 issued by the root CA. */
  certFile: string;
  keyFile: string;
  /** Writes `text` to `name` in the temp dir and returns its path. */
  write(name: string, text: string): string;
  remove(): void;
}

const CA_EXTENSIONS: CertificateExtension[] = [
  { name: "basicConstraints", cA: true, critical: true },
  { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];

const SERVER_EXTENSIONS: CertificateExtension[] = [
  { name: "basicConstraints", cA: false, critical: true },
  { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
  { name: "extKeyUsage", serverAuth: true },
  { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
];

/** A CA certificate: self-signed when `issuer` is absent, else an intermediate signed by it. */
export async function createCa(commonName: string, issuer?: Pem): Promise<Pem> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: CA_EXTENSIONS,
    ...(issuer ? { ca: { cert: issuer.cert, key: issuer.key } } : {}),
  });
  return { cert: pems.cert, key: pems.private };
}

/** A localhost server certificate signed by `issuer`; its key encrypted with `passphrase` when given. */
export async function issueServerCertificate(issuer: Pem, options: { passphrase?: string; commonName?: string } = {}): Promise<Pem> {
  const pems = await generate([{ name: "commonName", value: options.commonName ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: SERVER_EXTENSIONS,
    ca: { cert: issuer.cert, key: issuer.key },
    ...(options.passphrase ? { passphrase: options.passphrase } : {}),
  });
  return { cert: pems.cert, key: pems.private };
}

/** A root CA and a localhost certificate it issued, as files in a fresh temp dir. */
export async function createTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-tls-"));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const ca = await createCa("Peatio demo test CA");
  const server = await issueServerCertificate(ca);
  return {
    dir,
    ca,
    caFile: write("ca.pem", ca.cert),
    certFile: write("cert.pem", server.cert),
    keyFile: write("key.pem", server.key),
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to 127.0.0.1:`port` (as localhost) is shown. */
export function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

/** The SHA-256 fingerprint of a PEM certificate, as servedFingerprint reports it. */
export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
