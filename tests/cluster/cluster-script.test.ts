// `npm run cluster`: its flags, the HAProxy configuration in docs/, the message when redis-server is missing, and a
// real run (redis-server and two nodes as processes) serving pusher-js and the pusher SDK, stopped by SIGINT.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { buildHaproxyConfig, parseClusterFlags, wantsClusterUsage } from "@/scripts/lib/cluster-lb";
import { freePort } from "@/scripts/lib/processes";
import { APP, cleanup, client, sdk, subscribed } from "../channels/helpers";
import { collect, until } from "./cluster-helpers";

const repoRoot = path.resolve(import.meta.dirname, "../..");
afterEach(cleanup);

/** The cluster script as a child process with the test app's credentials. */
function runCluster(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/cluster.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", (line) => output.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

/** A port that is free, with the one after it free too (the script gives nodes consecutive ports). */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const next = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port + 1, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (next) return port;
  }
}

describe("npm run cluster", () => {
  it("reads --nodes and the port flags, and refuses bad ones by name", () => {
    expect(parseClusterFlags(["--nodes", "3"])).toEqual({ nodes: 3, basePort: 6101, lbPort: 6100, redisPort: 6380 });
    expect(parseClusterFlags(["--nodes=5", "--base-port", "7001", "--lb-port=7000", "--redis-port", "7379"])).toEqual({
      nodes: 5,
      basePort: 7001,
      lbPort: 7000,
      redisPort: 7379,
    });
    expect(() => parseClusterFlags(["--nodes", "0"])).toThrow(/--nodes/);
    expect(() => parseClusterFlags(["--nodes"])).toThrow(/--nodes <value>' argument missing/);
    expect(() => parseClusterFlags(["--nodez", "3"])).toThrow(/Unknown option '--nodez'/);
    expect(() => parseClusterFlags(["--base-port", "0"])).toThrow(/^--base-port: /);
    expect(() => parseClusterFlags(["--lb-port=x"])).toThrow(/^--lb-port: /);
    expect(() => parseClusterFlags(["--nodes", "--base-port", "7001"])).toThrow(/'--nodes' argument is ambiguous/);
  });

  it("prints its usage for --help (and -h) and exits 0 without starting anything; an unknown flag points to it", async () => {
    const run = runCluster(["--nodes", "2", "--help"], { PATH: "/nonexistent" });
    expect(await run.exited).toBe(0);
    const text = run.output.join("\n");
    expect(text).toMatch(/^Usage: npm run cluster -- \[options\]/);
    for (const option of ["--nodes N", "--base-port P", "--lb-port P", "--redis-port P", "CHANNELS_REDIS_URL", "-h, --help"]) expect(text).toContain(option);
    expect(text).not.toMatch(/Unknown option|Stopping|redis-server is not installed/);
    expect([wantsClusterUsage(["-h"]), wantsClusterUsage(["--nodes", "2"])]).toEqual([true, false]);
    expect(() => parseClusterFlags(["--nodez", "3"])).toThrow(/npm run cluster -- --help/);
  });

  it("keeps docs/cluster/haproxy.cfg the configuration it runs for its defaults", () => {
    const nodes = [6101, 6102, 6103].map((port) => ({ host: "127.0.0.1", port }));
    expect(readFileSync(path.join(repoRoot, "docs/cluster/haproxy.cfg"), "utf8")).toBe(buildHaproxyConfig({ bindHost: "127.0.0.1", port: 6100, nodes }));
  });

  it("says how to install redis-server when it is missing", async () => {
    const run = runCluster(["--nodes", "2"], { PATH: "/nonexistent" });
    expect(await run.exited).toBe(1);
    expect(run.output.join("\n")).toContain("sudo apt-get install -y redis-server");
  });

  it("starts redis-server and the nodes, which serve one cluster, and stops them all on SIGINT", { timeout: 60_000 }, async () => {
    const [basePort, redisPort, lbPort] = [await twoFreePorts(), await freePort(), await freePort()];
    // Nodes on basePort and basePort + 1; without haproxy on PATH (/usr/sbin) the nodes are the entry points.
    const run = runCluster(["--nodes", "2", "--base-port", String(basePort), "--redis-port", String(redisPort), "--lb-port", String(lbPort)], {
      PATH: "/usr/local/bin:/usr/bin:/bin",
    });
    await until(() => run.output.some((line) => line.includes("Channels cluster up")) || run.child.exitCode !== null);
    expect(run.output.join("\n")).toContain("Channels cluster up: 2 node(s)");
    const node = (port: number) => ({ host: "127.0.0.1", port, url: `ws://127.0.0.1:${port}`, close: async () => {}, reloadTls: () => {} });
    const [first, second] = [node(basePort), node(basePort + 1)];
    const onSecond = await subscribed(client(second), "via-script");
    const got = collect(onSecond.channel, "hello");
    await sdk(first).trigger("via-script", "hello", { from: "first" });
    await until(() => got.length === 1);
    expect(got).toEqual([{ from: "first" }]);
    await cleanup();

    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    const connectable = await fetch(`http://127.0.0.1:${basePort}/`).then(
      () => true,
      () => false,
    );
    expect(connectable).toBe(false);
  });
});
