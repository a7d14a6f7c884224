// What `npm start -- --tls` changes in the stack: one certificate for the app (https) and our Channels server
// (wss): yours from CHANNELS_TLS_CERT/CHANNELS_TLS_KEY, else a self-signed one for localhost made on first
// run in .local-tls/; the app's SDK and the Channels server's webhooks trust the self-signed one.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readTlsOptions, type ChannelsTlsConfig } from "../../lib/channels/tls-files.ts";
import { ensureLocalCertificate } from "./local-tls.ts";
import { REPO_ROOT } from "./paths.ts";
import type { EnvVars } from "./processes.ts";

/** Where `npm start -- --tls` keeps its self-signed certificate and key (gitignored, beside .env.local). */
export const LOCAL_TLS_DIR = path.join(REPO_ROOT, ".local-tls");

/** The certificate both servers present. */
export interface StackTls extends ChannelsTlsConfig {
  /** The generated self-signed certificate (the stack's own Node clients trust it); absent for your own certificate. */
  selfSignedFile?: string;
  /** True when this start generated the certificate. */
  created: boolean;
}

/** True when `--tls` is among the arguments. */
export function parseTlsFlag(argv: string[]): boolean {
  return argv.includes("--tls");
}

/**
 * Your certificate (CHANNELS_TLS_CERT, CHANNELS_TLS_KEY, optional CHANNELS_TLS_CA and CHANNELS_TLS_PASSPHRASE),
 * checked now so a bad file stops the start with a message naming it; else the self-signed one for
 * localhost (and `host`) in `dir`, made when missing, expiring or not covering `host`.
 */
export async function resolveStackTls(env: EnvVars, host: string, dir: string = LOCAL_TLS_DIR): Promise<StackTls> {
  if (env.CHANNELS_TLS_CERT) {
    if (!env.CHANNELS_TLS_KEY) throw new Error("CHANNELS_TLS_KEY is required with CHANNELS_TLS_CERT");
    const own: ChannelsTlsConfig = {
      certFile: env.CHANNELS_TLS_CERT,
      keyFile: env.CHANNELS_TLS_KEY,
      ...(env.CHANNELS_TLS_CA ? { caFile: env.CHANNELS_TLS_CA } : {}),
      ...(env.CHANNELS_TLS_PASSPHRASE ? { passphrase: env.CHANNELS_TLS_PASSPHRASE } : {}),
    };
    readTlsOptions(own);
    return { ...own, created: false };
  }
  const local = await ensureLocalCertificate(dir, host);
  return { certFile: local.certFile, keyFile: local.keyFile, selfSignedFile: local.certFile, created: local.created };
}

/**
 * What the app's environment gains under --tls when it talks to our server (PUSHER_HOST set by
 * appEnvironment): the SDK uses https and browsers forceTLS (PUSHER_USE_TLS), trusting the self-signed
 * certificate (PUSHER_CA_FILE) unless you named another CA.
 */
export function tlsAppEnvironment(env: EnvVars, tls: StackTls): EnvVars {
  if (!env.PUSHER_HOST) return {};
  const caFile = env.PUSHER_CA_FILE || tls.selfSignedFile;
  return { PUSHER_USE_TLS: "true", ...(caFile ? { PUSHER_CA_FILE: caFile } : {}) };
}

/**
 * The file NODE_EXTRA_CA_CERTS should name so a process trusts `certFile` as well as what `existing` (a
 * NODE_EXTRA_CA_CERTS already set, e.g. the system bundle) names: Node reads one file only, so with both a
 * combined bundle is written beside the certificate.
 */
export function extraCaFile(existing: string | undefined, certFile: string): string {
  if (!existing || existing === certFile) return certFile;
  let current = "";
  try {
    current = readFileSync(existing, "utf8");
  } catch {
    return certFile;
  }
  const bundle = path.join(path.dirname(certFile), "node-extra-ca-certs.pem");
  writeFileSync(bundle, `${current.trimEnd()}\n${readFileSync(certFile, "utf8")}`);
  return bundle;
}

/**
 * What the Channels server's environment gains under --tls: the certificate, and (for the self-signed one)
 * NODE_EXTRA_CA_CERTS trusting it besides any file already named there, so its webhooks to the https app verify.
 */
export function tlsChannelsEnvironment(env: EnvVars, tls: StackTls): EnvVars {
  const trust = tls.selfSignedFile ? extraCaFile(env.NODE_EXTRA_CA_CERTS, tls.selfSignedFile) : undefined;
  return {
    CHANNELS_TLS_CERT: tls.certFile,
    CHANNELS_TLS_KEY: tls.keyFile,
    ...(tls.caFile ? { CHANNELS_TLS_CA: tls.caFile } : {}),
    ...(tls.passphrase ? { CHANNELS_TLS_PASSPHRASE: tls.passphrase } : {}),
    ...(trust ? { NODE_EXTRA_CA_CERTS: trust } : {}),
  };
}
