// `npm run cluster -- --nodes 3`: a local Channels cluster: redis-server, N Channels nodes (each its own process and
// port, the app credentials of .env.local) and HAProxy in front of them when it is installed. Ctrl-C stops it all.
// Flags (`npm run cluster -- --help` lists them): --nodes N (1-16, default 3), --base-port P (first node's port,
// default 6101; the others follow), --lb-port P (HAProxy, default 6100), --redis-port P (default 6380). With
// CHANNELS_REDIS_URL set it uses that Redis instead of starting one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildHaproxyConfig, CLUSTER_USAGE, parseClusterFlags, wantsClusterUsage } from "./lib/cluster-lb.ts";
import { embeddedChannelsCredentials, ensureLocalSecrets, loadIntoProcessEnv } from "./lib/local-secrets.ts";
import { killRemaining, spawnChild, waitForHttp, type Child } from "./lib/processes.ts";
import { bindHost, browserUrl, channelsEnvironment, localAddress, REPO_ROOT, tsxCommand } from "./lib/stack.ts";

const log = (message: string) => console.log(`[cluster] ${message}`);

/** True when a command runs (`<command> -v` exits 0). */
function installed(command: string): boolean {
  return spawnSync(command, ["-v"], { stdio: "ignore" }).status === 0;
}

if (wantsClusterUsage(process.argv.slice(2))) {
  console.log(CLUSTER_USAGE);
  process.exit(0);
}

const children: Child[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "channels-cluster-"));
let stopping: Promise<void> | null = null;

/** Stops the balancer, then the nodes (each closes its sockets with 4200 and leaves the cluster), then Redis. */
function stop(): Promise<void> {
  stopping ??= (async () => {
    log("Stopping: load balancer, nodes, Redis");
    const byName = (name: string) => children.filter((child) => child.name === name);
    await Promise.all(byName("haproxy").map((child) => child.stop()));
    await Promise.all(children.filter((child) => child.name.startsWith("node")).map((child) => child.stop()));
    await Promise.all(byName("redis").map((child) => child.stop()));
    rmSync(scratch, { recursive: true, force: true });
  })();
  return stopping;
}

async function main(): Promise<void> {
  const flags = parseClusterFlags(process.argv.slice(2));
  // The app's credentials: PUSHER_APP_ID/PUSHER_KEY/PUSHER_SECRET when all set, else .env.local's (generated if missing).
  if (!process.env.PUSHER_APP_ID || !process.env.PUSHER_KEY || !process.env.PUSHER_SECRET) {
    const secrets = ensureLocalSecrets(path.join(REPO_ROOT, ".env.local"));
    loadIntoProcessEnv(secrets.values);
    if (secrets.added.length > 0) log(`Generated local secrets in .env.local: ${secrets.added.join(", ")}`);
  }
  const credentials = embeddedChannelsCredentials(process.env);
  const host = bindHost(process.env);

  let redisUrl = process.env.CHANNELS_REDIS_URL;
  if (!redisUrl) {
    if (!installed("redis-server")) {
      throw new Error(
        "redis-server is not installed. On Debian or Ubuntu: sudo apt-get install -y redis-server " +
          "(or set CHANNELS_REDIS_URL=redis://host:port to use a Redis you already run)",
      );
    }
    const redis = spawnChild({
      name: "redis",
      command: "redis-server",
      args: ["--port", String(flags.redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", scratch],
      env: process.env,
      cwd: scratch,
      echo: false,
    });
    children.push(redis);
    await redis.waitForLine(/Ready to accept connections/, 10_000);
    redisUrl = `redis://127.0.0.1:${flags.redisPort}`;
    log(`Redis on ${redisUrl} (in memory, nothing saved)`);
  }

  const appUrl = browserUrl(host, Number(process.env.PORT || 3000));
  const nodePorts = Array.from({ length: flags.nodes }, (_, index) => flags.basePort + index);
  await Promise.all(
    nodePorts.map(async (nodePort, index) => {
      const { command, args } = tsxCommand("scripts/channels-server.ts");
      const node = spawnChild({
        name: `node${index + 1}`,
        command,
        args,
        cwd: REPO_ROOT,
        env: { ...channelsEnvironment(process.env, appUrl), CHANNELS_HOST: host, CHANNELS_PORT: String(nodePort), CHANNELS_REDIS_URL: redisUrl },
      });
      children.push(node);
      await node.waitForLine(/listening on/, 60_000);
    }),
  );

  let entry = `${localAddress(host)}:${flags.basePort}`;
  if (installed("haproxy")) {
    const config = path.join(scratch, "haproxy.cfg");
    writeFileSync(config, buildHaproxyConfig({ bindHost: host, port: flags.lbPort, nodes: nodePorts.map((nodePort) => ({ host: localAddress(host), port: nodePort })) }));
    const lb = spawnChild({ name: "haproxy", command: "haproxy", args: ["-f", config, "-db"], env: process.env, cwd: scratch });
    children.push(lb);
    // Any HTTP answer through the balancer (our nodes answer 404 outside /app and /apps) means it forwards.
    await waitForHttp(`http://${localAddress(host)}:${flags.lbPort}/`, lb, 15_000);
    entry = `${localAddress(host)}:${flags.lbPort}`;
    log(`HAProxy on ${entry} in front of the nodes (config: docs/cluster/haproxy.cfg is the same for the defaults)`);
  } else {
    log("HAProxy is not installed (sudo apt-get install -y haproxy): connect to any node directly; each serves the whole cluster");
  }

  log(`Channels cluster up: ${flags.nodes} node(s) on ${nodePorts.map((p) => `${localAddress(host)}:${p}`).join(", ")}, Redis ${redisUrl}`);
  log(`Clients and the HTTP API: ws://${entry}/app/<key> and http://${entry}/apps/<id>/... (app ${credentials.PUSHER_APP_ID})`);
  log(
    `Run the app against it (its own Channels server joins as one more node; browsers dial the balancer):\n` +
      `    CHANNELS_REDIS_URL=${redisUrl} PUSHER_PUBLIC_PORT=${entry.slice(entry.lastIndexOf(":") + 1)} npm start`,
  );
  log("Ctrl-C stops everything");
  // Stay up until a signal; a node that dies is reported (the others and the balancer keep serving).
  for (const child of children) {
    void child.exited.then((info) => {
      if (!stopping) log(`${child.name} exited (${info.signal ?? `code ${info.code}`}); the rest keep running`);
    });
  }
  await new Promise(() => {});
}

process.on("SIGINT", () => void stop().then(() => process.exit(0)));
process.on("SIGTERM", () => void stop().then(() => process.exit(0)));
process.on("exit", () => killRemaining(children));
main().catch(async (error: unknown) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  await stop();
  process.exit(1);
});
