// Building blocks of the running stack (Channels server, Next app, build check), shared by `npm start`,
// `npm run dev` and the e2e fixture. No server-only imports here, so Playwright can load this module.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { SEEDED_OPERATOR } from "../../lib/console/seeded-operator.ts";
import { usesHostedPusher } from "../../lib/pusher/resolve-target.ts";
import { embeddedChannelsCredentials } from "./local-secrets.ts";
import { REPO_ROOT } from "./paths.ts";
import { runToCompletion, spawnChild, waitForHttp, type Child, type EnvVars } from "./processes.ts";
import type { ChannelsTlsConfig } from "../../lib/channels/tls-files.ts";

export { REPO_ROOT };

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");

/** Line the Channels server prints once it accepts connections. */
export const CHANNELS_READY = /Channels server listening on/;

/**
 * The node command line running a TypeScript script the way package.json does: tsx as a loader in the
 * same process (not the tsx CLI, whose wrapper process can lose a SIGTERM race), react-server conditions.
 */
export function tsxCommand(script: string, args: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, script), ...args] };
}

/** The node command line running the `next` CLI. */
export function nextCommand(args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [NEXT_BIN, ...args] };
}

/**
 * The node command line serving the app: scripts/app-server.ts runs Next (`start` or `dev`) behind our
 * own HTTP server, which decides each request's client address from the socket and TRUSTED_PROXIES
 * (Next alone keeps whatever X-Forwarded-For the client sent). tsx as a loader only, without the
 * react-server condition: Next picks its own conditions per bundle.
 */
export function appServerCommand(mode: "start" | "dev", port: number, host: string, tls?: ChannelsTlsConfig): { command: string; args: string[] } {
  const script = path.join(REPO_ROOT, "scripts", "app-server.ts");
  const tlsArgs = tls ? ["--tls-cert", tls.certFile, "--tls-key", tls.keyFile, ...(tls.caFile ? ["--tls-ca", tls.caFile] : [])] : [];
  return { command: process.execPath, args: ["--import", "tsx", script, "--mode", mode, "--port", String(port), "--hostname", host, ...tlsArgs] };
}

export { usesHostedPusher };

/**
 * Where the app and the Channels server listen unless HOST says otherwise: loopback only. The demo
 * users share a published password, so the stack must not be reachable from the LAN by default;
 * HOST=0.0.0.0 (or an address of this machine) opens it up deliberately.
 */
export const DEFAULT_BIND_HOST = "127.0.0.1";

/** The interface to bind from HOST (blank or unset: loopback only). */
export function bindHost(env: EnvVars): string {
  return env.HOST?.trim() || DEFAULT_BIND_HOST;
}

/** An address this machine can dial to reach a server bound to `host` (a wildcard means loopback). */
export function localAddress(host: string): string {
  return host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
}

/** `http://host:port` (or https) with IPv6 literals bracketed. */
export function httpUrl(host: string, port: number, scheme: "http" | "https" = "http"): string {
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** The URL to open in a browser for an app bound to `host` ("localhost" for loopback and wildcards). */
export function browserUrl(host: string, port: number, scheme: "http" | "https" = "http"): string {
  const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost" || localAddress(host) !== host;
  return httpUrl(loopback ? "localhost" : host, port, scheme);
}

/**
 * The app's environment: pointed at our Channels server at `channelsHost`:`channelsPort` with its
 * credentials (unless hosted: then nothing is added, and no generated credential reaches the app) and
 * at its own URL.
 */
export function appEnvironment(base: EnvVars, appUrl: string, channelsPort: number | undefined, channelsHost = "127.0.0.1"): EnvVars {
  const env: EnvVars = { ...base, NEXT_TELEMETRY_DISABLED: "1" };
  if (channelsPort !== undefined) {
    Object.assign(env, embeddedChannelsCredentials(base));
    env.PUSHER_HOST = localAddress(channelsHost);
    env.PUSHER_PORT = String(channelsPort);
    // Our server speaks TLS when given a certificate (CHANNELS_TLS_CERT): the app follows with https and wss.
    if (base.CHANNELS_TLS_CERT && !base.PUSHER_USE_TLS) env.PUSHER_USE_TLS = "true";
  }
  env.NEXTAUTH_URL ||= appUrl;
  // The seeded operator may open /console unless OPERATOR_EMAILS names others (the app alone defaults to nobody).
  env.OPERATOR_EMAILS ||= SEEDED_OPERATOR.email;
  return env;
}

/**
 * The Channels server's environment: its app credentials (explicit PUSHER_* or the generated ones), and
 * webhooks to the app's /api/pusher/webhook when that route exists and CHANNELS_WEBHOOK_URL is not set.
 */
export function channelsEnvironment(base: EnvVars, appUrl: string): EnvVars {
  const env: EnvVars = { ...base, ...embeddedChannelsCredentials(base) };
  const webhookRoute = path.join(REPO_ROOT, "app", "api", "pusher", "webhook", "route.ts");
  if (!env.CHANNELS_WEBHOOK_URL && existsSync(webhookRoute)) env.CHANNELS_WEBHOOK_URL = `${appUrl}/api/pusher/webhook`;
  return env;
}

/** Starts the Channels server on `host` (127.0.0.1 by default):`port`; resolves once it prints its listening line. */
export async function startChannelsServer(options: {
  env: EnvVars;
  port: number;
  host?: string;
  echo?: boolean;
  /** Sees the child as soon as it is spawned (to stop it on Ctrl-C during startup). */
  onSpawn?: (child: Child) => void;
}): Promise<Child> {
  const { command, args } = tsxCommand("scripts/channels-server.ts");
  const child = spawnChild({
    name: "channels",
    command,
    args,
    cwd: REPO_ROOT,
    env: { ...options.env, CHANNELS_HOST: options.host ?? DEFAULT_BIND_HOST, CHANNELS_PORT: String(options.port) },
    echo: options.echo,
  });
  options.onSpawn?.(child);
  try {
    await child.waitForLine(CHANNELS_READY, 30_000);
  } catch (error) {
    await child.stop("SIGKILL", 1_000);
    throw error;
  }
  return child;
}

/** Starts the app (scripts/app-server.ts: Next in `start` or `dev` mode) on `port`; resolves once it answers HTTP. */
export async function startNextApp(options: {
  mode: "start" | "dev";
  env: EnvVars;
  port: number;
  /** Interface to bind: loopback (127.0.0.1) unless given; Next alone would listen on every interface. */
  host?: string;
  echo?: boolean;
  /** Sees the child as soon as it is spawned (to stop it on Ctrl-C during startup). */
  onSpawn?: (child: Child) => void;
  /** Serve https with this certificate (its passphrase reaches the child in APP_TLS_PASSPHRASE, not on its command line). */
  tls?: ChannelsTlsConfig;
}): Promise<{ child: Child; url: string }> {
  const host = options.host ?? DEFAULT_BIND_HOST;
  const { command, args } = appServerCommand(options.mode, options.port, host, options.tls);
  const env = options.tls?.passphrase ? { ...options.env, APP_TLS_PASSPHRASE: options.tls.passphrase } : options.env;
  const child = spawnChild({ name: "app", command, args, cwd: REPO_ROOT, env, echo: options.echo });
  options.onSpawn?.(child);
  const url = httpUrl(localAddress(host), options.port, options.tls ? "https" : "http");
  const timeoutMs = options.mode === "dev" ? 180_000 : 60_000;
  try {
    // Over https the probe would have to trust the certificate: the server's own line says it is ready
    // (it prints it once Next is prepared and the port listens).
    if (options.tls) await child.waitForLine(/\[app-server\] next (start|dev) listening on https:/, timeoutMs);
    else await waitForHttp(url, child, timeoutMs);
  } catch (error) {
    await child.stop("SIGKILL", 1_000);
    throw error;
  }
  return { child, url };
}

/** Inputs of the production build: a change to any of them makes .next stale. */
const BUILD_INPUTS = ["app", "lib", "public", "components", "next.config.ts", "tsconfig.json", "package.json", "package-lock.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/**
 * Whether `next build` must run: .next/BUILD_ID is missing, or some build input (app/, lib/,
 * public/, components/, next.config.ts, tsconfig.json, package.json, package-lock.json) was modified
 * after it. A simple mtime rule: it may rebuild for an unrelated lib/ change, never skips a needed one
 * made to those files.
 */
export function buildIsStale(root: string = REPO_ROOT): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(root, input)) > builtAt);
}

/** Runs `next build` with prefixed output; rejects when it fails. `onSpawn` sees the child (to stop it). */
export async function buildNext(env: EnvVars, options: { echo?: boolean; onSpawn?: (child: Child) => void } = {}): Promise<void> {
  const { command, args } = nextCommand(["build"]);
  const buildEnv = { ...env, NEXT_TELEMETRY_DISABLED: "1" };
  await runToCompletion({ name: "build", command, args, cwd: REPO_ROOT, env: buildEnv, echo: options.echo }, options.onSpawn);
}
