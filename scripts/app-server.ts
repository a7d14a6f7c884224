// The app's HTTP server: Next (production or dev) behind our own node:http server, so that every request
// carries the client address decided from the socket and TRUSTED_PROXIES, never one the client wrote.
// `npm start`, `npm run dev` and the e2e stack start the app through this file (scripts/lib/stack.ts):
//
//   node --import tsx scripts/app-server.ts --mode start|dev --port 3000 --hostname 127.0.0.1
//     [--tls-cert cert.pem --tls-key key.pem [--tls-ca chain.pem]]   (https; key passphrase in APP_TLS_PASSPHRASE)
//
// SIGTERM or SIGINT: stop accepting connections, finish the requests in flight (and Next's after()
// work), then exit 0; repeated signals are ignored (the supervisor kills the group if it hangs).
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { parseArgs } from "node:util";
import { answerPlainHttpOnTlsPort } from "../lib/channels/plain-http-on-tls.ts";
import { readTlsOptions } from "../lib/channels/tls-files.ts";
import { applyClientAddress, markClientAddressHeader } from "../lib/http/client-address-header.ts";
import { describeTrustedProxies, parseTrustedProxies } from "../lib/http/trusted-proxies.ts";
import { trackForGracefulClose } from "./lib/graceful-close.ts";
import { REPO_ROOT } from "./lib/paths.ts";

/** How long requests in flight may take to finish after SIGTERM/SIGINT before their connections are cut. */
const SHUTDOWN_GRACE_MS = 8_000;

const log = (message: string) => console.log(`[app-server] ${message}`);

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "start" },
    port: { type: "string", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", default: "127.0.0.1" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "tls-ca": { type: "string" },
  },
});
if (values.mode !== "start" && values.mode !== "dev") throw new Error(`--mode must be start or dev, got "${values.mode}"`);
const dev = values.mode === "dev";
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`--port must be a TCP port, got "${values.port}"`);
const hostname = values.hostname;
const tlsCert = values["tls-cert"];
const tlsKey = values["tls-key"];
if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new Error("--tls-cert and --tls-key go together");
/** https with the given certificate (read and checked now: a bad file stops the start, named), else http. */
const tlsOptions =
  tlsCert !== undefined && tlsKey !== undefined
    ? readTlsOptions(
        { certFile: tlsCert, keyFile: tlsKey, caFile: values["tls-ca"], passphrase: process.env.APP_TLS_PASSPHRASE || undefined },
        { cert: "--tls-cert", key: "--tls-key", ca: "--tls-ca", passphrase: "APP_TLS_PASSPHRASE" },
      )
    : null;

// What `next start` / `next dev` would set; Next reads it while loading.
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });

async function main(): Promise<void> {
  // tsx (the loader that runs this file) turns Node's source-map support on. Next is loaded without it,
  // as `next start` runs: otherwise Node reads and keeps the source map of every module Next loads
  // (measured: about 55 MiB more memory and 1-2 s more startup).
  process.setSourceMapsEnabled(false);
  const { default: next } = await import("next");
  // An https.Server is an http.Server over TLS sockets (same events and methods).
  const https = tlsOptions ? createHttpsServer(tlsOptions) : null;
  if (https) answerPlainHttpOnTlsPort(https);
  const server = (https ?? createServer()) as Server;
  const closeServer = trackForGracefulClose(server);
  const app = next({ dev, dir: REPO_ROOT, hostname, port, httpServer: server });
  await app.prepare();
  // After prepare(): Next has loaded .env files, so TRUSTED_PROXIES may come from .env.local too.
  const trust = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  markClientAddressHeader();
  const handle = app.getRequestHandler();

  server.on("request", (request, response) => {
    applyClientAddress(request.headers, request.socket.remoteAddress, trust);
    handle(request, response).catch((error: unknown) => {
      console.error("[app-server] request failed:", error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight, then stopping`);
    void (async () => {
      const { forced } = await closeServer(SHUTDOWN_GRACE_MS);
      if (forced) log(`requests still open after ${SHUTDOWN_GRACE_MS} ms were cut`);
      await app.close().catch((error: unknown) => console.error("[app-server] closing Next failed:", error));
      log("stopped");
      process.exit(0);
    })();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  log(`next ${values.mode} listening on ${https ? "https" : "http"}://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}; client address: ${describeTrustedProxies(trust)}`);
}

main().catch((error: unknown) => {
  console.error(`[app-server] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
