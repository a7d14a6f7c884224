// `npm start -- --tls`: a self-signed certificate for localhost (and 127.0.0.1, ::1, plus HOST when it names
// another address), made once with `selfsigned` into .local-tls/ beside .env.local (gitignored, never
// committed) and reused until it is about to expire or no longer covers the host.
import { X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { generate } from "selfsigned";

/** The certificate and key files (PEM). */
export interface LocalCertificate {
  certFile: string;
  keyFile: string;
  /** True when this call made them (first run, expired, or a new host). */
  created: boolean;
}

const VALID_DAYS = 365;
/** A certificate expiring within this many days is replaced. */
const RENEW_DAYS = 7;
const DAY_MS = 86_400_000;
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/** The names the certificate must cover: loopback, and `host` unless it is a wildcard or loopback already. */
export function certificateNames(host?: string): string[] {
  const extra = host && !["0.0.0.0", "::", ""].includes(host) && !LOOPBACK_NAMES.includes(host) ? [host] : [];
  return [...LOOPBACK_NAMES, ...extra];
}

function covers(cert: X509Certificate, name: string): boolean {
  return isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

/** Whether the PEM in `certFile` can still serve `names` for a while. */
function usable(certFile: string, keyFile: string, names: string[], now: number): boolean {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return Date.parse(cert.validTo) - now > RENEW_DAYS * DAY_MS && names.every((name) => covers(cert, name));
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` holds `localhost-cert.pem` and `localhost-key.pem` (key readable by the owner only) for
 * certificateNames(host); an existing usable pair is kept, so a browser that trusts it keeps trusting it.
 */
export async function ensureLocalCertificate(dir: string, host?: string, now = Date.now()): Promise<LocalCertificate> {
  const certFile = path.join(dir, "localhost-cert.pem");
  const keyFile = path.join(dir, "localhost-key.pem");
  const names = certificateNames(host);
  if (usable(certFile, keyFile, names, now)) return { certFile, keyFile, created: false };

  const pems = await generate([{ name: "commonName", value: "localhost" }, { name: "organizationName", value: "Peatio demo (local, self-signed)" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + VALID_DAYS * DAY_MS),
    extensions: [
      // Not a CA: trusting it in a browser trusts this one certificate, never others signed with its key.
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: names.map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name })) },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return { certFile, keyFile, created: true };
}
