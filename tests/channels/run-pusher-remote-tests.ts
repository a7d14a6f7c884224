// `npm run test:pusher-remote`: the pusher SDK's own remote tests (mocha) against our server on a free port,
// twice: over plain http, then over https (TLS with a certificate made here, its CA trusted by the SDK's
// process through NODE_EXTRA_CA_CERTS, as a stock SDK would be configured; PUSHER_URL is https://).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { startChannelsServer } from "../../lib/channels/index";
import { createTestPki } from "../support/test-certificates";

const require = createRequire(import.meta.url);
const APP = { id: "424242", key: "remote-test-key", secret: "remote-test-secret" };
const pusherRoot = path.dirname(require.resolve("pusher/package.json"));
const mocha = path.join(path.resolve(import.meta.dirname, "../.."), "node_modules/.bin/mocha");
const files = ["get.js", "trigger.js", "proxy.js"].map((file) => path.join(pusherRoot, "tests/remote/pusher", file));

/** Runs the remote suite against a fresh server (with `tls` files when given); resolves with mocha's exit code. */
async function runAgainst(label: string, tls?: { certFile: string; keyFile: string; caFile: string }): Promise<number> {
  const server = await startChannelsServer({
    host: "127.0.0.1",
    port: 0,
    apps: [APP],
    ...(tls ? { tls: { certFile: tls.certFile, keyFile: tls.keyFile } } : {}),
  });
  // https dials localhost, a name the certificate has (an IP address is not a valid TLS server name).
  const pusherUrl = `${tls ? "https" : "http"}://${APP.key}:${APP.secret}@${tls ? "localhost" : "127.0.0.1"}:${server.port}/apps/${APP.id}`;
  console.log(`[${label}] Channels server on ${server.url}; running the pusher SDK's remote tests with PUSHER_URL=${pusherUrl}`);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(mocha, ["--timeout", "10000", ...files], {
        cwd: pusherRoot,
        stdio: "inherit",
        env: { ...process.env, PUSHER_URL: pusherUrl, ...(tls ? { NODE_EXTRA_CA_CERTS: tls.caFile } : {}) },
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.close();
  }
}

async function main(): Promise<number> {
  const plain = await runAgainst("http");
  const pki = await createTestPki();
  try {
    const tls = await runAgainst("https", pki);
    if (plain !== 0 || tls !== 0) console.error(`pusher remote tests failed: http exit ${plain}, https exit ${tls}`);
    return plain !== 0 ? plain : tls;
  } finally {
    pki.remove();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("pusher remote tests could not run:", error);
    process.exitCode = 1;
  },
);
