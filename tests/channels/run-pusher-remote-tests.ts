// `npm run test:pusher-remote`: the pusher SDK's own remote tests (mocha) against our server on a free port.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { startChannelsServer } from "../../lib/channels/index";

const require = createRequire(import.meta.url);
const APP = { id: "424242", key: "remote-test-key", secret: "remote-test-secret" };

async function main(): Promise<number> {
  const pusherRoot = path.dirname(require.resolve("pusher/package.json"));
  const repoRoot = path.resolve(import.meta.dirname, "../..");
  const mocha = path.join(repoRoot, "node_modules/.bin/mocha");
  const files = ["get.js", "trigger.js", "proxy.js"].map((file) => path.join(pusherRoot, "tests/remote/pusher", file));

  const server = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [APP] });
  const pusherUrl = `http://${APP.key}:${APP.secret}@127.0.0.1:${server.port}/apps/${APP.id}`;
  console.log(`Channels server on ${server.url}; running the pusher SDK's remote tests with PUSHER_URL=${pusherUrl}`);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(mocha, ["--timeout", "10000", ...files], {
        cwd: pusherRoot,
        stdio: "inherit",
        env: { ...process.env, PUSHER_URL: pusherUrl },
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.close();
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
