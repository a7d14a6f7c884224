// The Channels server's TLS certificate, key, optional CA chain and passphrase, read from PEM files into
// secure-context options, with one error naming the file (and its env variable) for anything wrong.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContextOptions } from "node:tls";

/** Where the server's TLS material lives (PEM files); set, the port speaks https and wss only. */
export interface ChannelsTlsConfig {
  /** The server certificate (CHANNELS_TLS_CERT); may already be followed by its intermediates (a fullchain file). */
  certFile: string;
  /** Its private key (CHANNELS_TLS_KEY). */
  keyFile: string;
  /** Intermediate CA certificates sent after the certificate (CHANNELS_TLS_CA). */
  caFile?: string;
  /** Decrypts an encrypted private key (CHANNELS_TLS_PASSPHRASE). */
  passphrase?: string;
}

/** What each setting is called in messages: env variables for our Channels server, flags for the app server. */
export interface TlsSettingNames {
  cert: string;
  key: string;
  ca: string;
  passphrase: string;
}

/** The Channels server's env variables. */
export const CHANNELS_TLS_NAMES: TlsSettingNames = {
  cert: "CHANNELS_TLS_CERT",
  key: "CHANNELS_TLS_KEY",
  ca: "CHANNELS_TLS_CA",
  passphrase: "CHANNELS_TLS_PASSPHRASE",
};

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Reads and checks the files: each readable and PEM, the certificates parseable, the key decryptable with
 * the passphrase and matching the certificate. Throws an Error whose message names the file at fault.
 */
export function readTlsOptions(tls: ChannelsTlsConfig, names: TlsSettingNames = CHANNELS_TLS_NAMES): SecureContextOptions {
  const certLabel = `TLS certificate (${names.cert})`;
  const keyLabel = `TLS key (${names.key})`;
  const chainLabel = `TLS CA chain (${names.ca})`;
  const cert = readPem(tls.certFile, certLabel, PEM_CERTIFICATE, "certificate");
  checkCertificates(cert, tls.certFile, certLabel);
  const chain = tls.caFile === undefined ? undefined : readPem(tls.caFile, chainLabel, PEM_CERTIFICATE, "certificate");
  if (chain !== undefined && tls.caFile !== undefined) checkCertificates(chain, tls.caFile, chainLabel);
  const key = readPem(tls.keyFile, keyLabel, PEM_PRIVATE_KEY, "private key");
  try {
    createPrivateKey({ key, format: "pem", passphrase: tls.passphrase ?? "" });
  } catch (error) {
    const reason = errorCode(error) === "ERR_OSSL_BAD_DECRYPT" ? `cannot decrypt it with ${names.passphrase}` : `not a usable private key (${errorMessage(error)})`;
    throw new Error(`${keyLabel} ${tls.keyFile}: ${reason}`);
  }
  const options: SecureContextOptions = { cert: chain === undefined ? cert : `${cert.trimEnd()}\n${chain}`, key, passphrase: tls.passphrase };
  try {
    createSecureContext(options);
  } catch (error) {
    if (errorCode(error) === "ERR_OSSL_X509_KEY_VALUES_MISMATCH") {
      throw new Error(`${keyLabel} ${tls.keyFile} does not match the certificate ${tls.certFile}`);
    }
    throw new Error(`${certLabel} ${tls.certFile} with ${keyLabel} ${tls.keyFile}: ${errorMessage(error)}`);
  }
  return options;
}

function readPem(file: string, label: string, marker: RegExp, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${label} ${file}: cannot read it (${errorMessage(error)})`);
  }
  if (!marker.test(text)) throw new Error(`${label} ${file}: no PEM ${what} in it`);
  return text;
}

function checkCertificates(pem: string, file: string, label: string): void {
  try {
    createSecureContext({ cert: pem });
  } catch (error) {
    throw new Error(`${label} ${file}: not a valid PEM certificate (${errorMessage(error)})`);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
