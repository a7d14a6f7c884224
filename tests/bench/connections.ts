// `npm run bench:connections`: idle connections at scale. Our Channels server and a bare `ws` server (the
// reference), one after the other, each in its own process, and with `--nodes=N` also our server as an N-node
// cluster over a real redis-server holding the full count; client processes, each from its own loopback source
// address (127.0.0.2, .3, ...: one address has only ~28k ephemeral ports), open N connections (ours: Pusher
// protocol, connect and subscribe to one channel; bare ws: connect; the cluster: spread round-robin over the
// nodes) and hold them idle. Reports the connection setup rate (connections/s, and the servers' CPU per
// connection) and the server memory per idle connection: RSS and V8 heap (after a full GC, read in each server
// process by tests/bench/lib/memory-probe.ts), before any client vs all connected and idle; per node and in total
// for the cluster (Redis's RSS beside it).
//
// File descriptors: every process is started through `sh -c 'ulimit -n N; exec node ...'` with N the hard
// limit (at most 65536), so the limit is raised for the bench's children only. One server process holds
// every connection, so N caps the single-process count: asked for more than the hard limit allows, the
// single-process runs measure the most it allows and say that the machine's limit is the cap (see
// tests/bench/README.md for reaching 50,000 in one process); the cluster needs only count / nodes per process.
//
// Flags (after `--`): --connections=50000, --targets=ws,ours(,cluster), --nodes=0 (N >= 2 adds the N-node cluster
// target), --clients=4 (client processes, at least enough that each stays under the fd limit and under a quarter
// of the ephemeral ports of its source address: 8 for 50,000), --concurrency=100 (handshakes in flight per client process), --idle-ms=5000,
// --rounds=1, --server-root=DIR (our server from another checkout), --quick (5,000), --cpu-prof (a V8 CPU
// profile of each server in tests/bench/results/profiles/; summarize-cpu-profile.ts reads one).
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startRedis, type RedisProcess } from "../cluster/redis-process.ts";
import { waitForMessage } from "./lib/child-messages.ts";
import { nowMs, sleep } from "./lib/clock.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import { childFdLimit, drainOutput, readCpuMs, readCpuSplitMs, readRssBytes, repoRoot, spawnNode, stopProcess, waitForExit } from "./lib/processes.ts";
import { fmt, formatTable } from "./lib/table.ts";
import type { ConnectKind, DriverMessage, OpenedMessage, StatusMessage } from "./connections/protocol.ts";
import { readServerMemory, startServers, stopServers, sumMemory, type MemorySample, type ServerSpec } from "./connections/server-group.ts";

const { values: flags } = parseArgs({
  options: {
    connections: { type: "string" },
    targets: { type: "string", default: "ws,ours" },
    nodes: { type: "string", default: "0" },
    clients: { type: "string", default: "4" },
    concurrency: { type: "string", default: "100" },
    "idle-ms": { type: "string", default: "5000" },
    rounds: { type: "string", default: "1" },
    "server-root": { type: "string" },
    quick: { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
  },
});

const APP = { appId: "500005", key: "connections-key", secret: "connections-secret" };
const CHANNEL = "market-btcusd";
/** File descriptors a server process needs besides its client sockets (stdio, IPC, epoll, listener, libuv, Redis). */
const SERVER_FD_RESERVE = 200;
const CLIENT_FD_RESERVE = 100;
/**
 * Connections per source address: a quarter of its ephemeral ports. A client binds its source address before
 * connecting, and the kernel's search for a free port slows as the address fills: 12,500 connections per address
 * cost the clients 2.5 ms of system CPU each and the setup ran at 121/s, 6,250 per address 0.13 ms and 602/s.
 */
const PORTS_PER_ADDRESS = Math.floor(ephemeralPorts() / 4);
const resultsDir = new URL("./results/", import.meta.url).pathname;
const clientScript = new URL("./connections/connect-worker.ts", import.meta.url).pathname;

type TargetId = "ws" | "ours" | "cluster";

interface Target extends ServerSpec {
  id: TargetId;
  kind: ConnectKind;
  /** Server processes (cluster nodes) sharing the connections. */
  nodes: number;
  /** Connections this target is measured at. */
  connections: number;
}

/** ip_local_port_range: how many source ports one local address has. */
function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return (high ?? 60999) - (low ?? 32768) + 1;
  } catch {
    return 28232;
  }
}

/** Whether this shell may raise its fd hard limit above `limit` (needs CAP_SYS_RESOURCE). */
function canRaiseHardLimit(limit: number): boolean {
  try {
    execFileSync("/bin/sh", ["-c", `ulimit -Hn ${limit + 1}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function targetsFor(serverRoot: string, single: number, nodes: number, clusterConnections: number, redis: RedisProcess | undefined): Target[] {
  const nodeArgs = flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${resultsDir}profiles`] : [];
  const ours = (port: number) => ({ PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: String(port), CHANNELS_WEBHOOK_URL: "" });
  const targets: Target[] = [
    {
      id: "ws",
      label: "bare ws",
      kind: "ws",
      script: new URL("./fanout/ws-reference-server.ts", import.meta.url).pathname,
      cwd: repoRoot,
      env: (port) => ({ BENCH_PORT: String(port) }),
      nodeArgs,
      nodes: 1,
      connections: single,
    },
    { id: "ours", label: "ours", kind: "pusher", script: path.join(serverRoot, "scripts/channels-server.ts"), cwd: serverRoot, env: ours, nodeArgs, nodes: 1, connections: single },
  ];
  if (redis && nodes >= 2) {
    targets.push({
      id: "cluster",
      label: `ours, ${nodes} nodes + Redis`,
      kind: "pusher",
      script: path.join(serverRoot, "scripts/channels-server.ts"),
      cwd: serverRoot,
      // A fresh key prefix per start: each round's cluster begins with nothing in Redis.
      env: (port) => ({ ...ours(port), CHANNELS_REDIS_URL: redis.url, CHANNELS_REDIS_PREFIX: `bench-connections-${randomBytes(3).toString("hex")}` }),
      nodeArgs,
      nodes,
      connections: clusterConnections,
    });
  }
  return targets;
}

/** One server process's figures in one round. */
interface NodeResult {
  port: number;
  pid: number;
  connections: number;
  before: MemorySample;
  idle: MemorySample;
  cpuMsDuringSetup: number;
  rssPerConnection: number;
  heapUsedPerConnection: number;
  externalPerConnection: number;
}

/** Everything measured for one target in one round (memory summed over its server processes). */
interface RoundResult {
  target: TargetId;
  connections: number;
  clients: number;
  opened: number;
  failed: number;
  firstError?: string;
  setupMs: number;
  connectionsPerSec: number;
  /** Setup rate over each tenth of the connections (every client process's k-th tenth done), connections/s. */
  tenthsPerSec: number[];
  /** The client processes' CPU over the setup, user and system (kernel: connect, bind, TCP), ms. */
  clientCpuMsDuringSetup: { user: number; system: number };
  serverCpuMsDuringSetup: number;
  stillOpenAfterIdle: number;
  closedUnexpectedly: number;
  before: MemorySample;
  idle: MemorySample;
  rssPerConnection: number;
  heapUsedPerConnection: number;
  externalPerConnection: number;
  gcCollected: boolean;
  nodes: NodeResult[];
  /** The cluster's Redis: RSS before and idle, CPU over the setup. */
  redis?: { beforeRss: number; idleRss: number; cpuMsDuringSetup: number; rssPerConnection: number };
  /** RSS per connection of the servers and Redis together (the cluster). */
  rssPerConnectionWithRedis?: number;
}

/** Sends `message` (when given) and resolves with the child's next message of `type`. */
function next<T extends { type: string }>(child: ChildProcess, type: T["type"], timeoutMs: number, message?: object): Promise<T> {
  return waitForMessage<{ type: string }, T>(child, type, timeoutMs, { label: `pid ${child.pid}`, ...(message ? { send: message } : {}) });
}

/** Client process i opens its share from 127.0.0.(2 + i). */
function shares(total: number, clients: number): number[] {
  return Array.from({ length: clients }, (_, i) => Math.floor(total / clients) + (i < total % clients ? 1 : 0));
}

/** Client processes for `connections`: the flag, or more when one would pass its fd limit or its source ports. */
function clientsFor(connections: number, fdLimit: number): number {
  return Math.max(Number(flags.clients) || 4, Math.ceil(connections / (fdLimit - CLIENT_FD_RESERVE)), Math.ceil(connections / PORTS_PER_ADDRESS));
}

async function runRound(target: Target, fdLimit: number, concurrency: number, idleMs: number, redis: RedisProcess | undefined, log: (line: string) => void): Promise<RoundResult> {
  const servers = await startServers(target, target.nodes);
  const withRedis = target.id === "cluster" ? redis : undefined;
  const clients = clientsFor(target.connections, fdLimit);
  const workers: ChildProcess[] = [];
  try {
    await sleep(1000);
    const before = await Promise.all(servers.map((server) => readServerMemory(server.child)));
    const redisBeforeRss = withRedis ? readRssBytes(withRedis.pid) : 0;
    for (let i = 0; i < clients; i += 1) {
      const worker = spawnNode(clientScript, { ipc: true });
      drainOutput(worker, `client ${i}`);
      workers.push(worker);
    }
    await Promise.all(workers.map((worker) => next(worker, "ready", 60_000)));
    const pids = servers.map((server) => server.child.pid ?? 0);
    const cpu0 = pids.map(readCpuMs);
    const redisCpu0 = withRedis ? readCpuMs(withRedis.pid) : 0;
    const clientCpu = () => workers.map((worker) => readCpuSplitMs(worker.pid ?? 0)).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), { user: 0, system: 0 });
    const clientCpu0 = clientCpu();
    const t0 = nowMs();
    // Each client starts its round-robin at another node, so every node gets an even share.
    const rotated = (i: number) => servers.map((_, k) => servers[(i + k) % servers.length]?.port ?? 0);
    const opened = await Promise.all(
      shares(target.connections, clients).map((count, i) => {
        const worker = workers[i] as ChildProcess;
        const open: DriverMessage = { type: "open", kind: target.kind, host: "127.0.0.1", ports: rotated(i), appKey: APP.key, channel: CHANNEL, count, localAddress: `127.0.0.${2 + i}`, concurrency };
        return next<OpenedMessage>(worker, "opened", 900_000, open);
      }),
    );
    const setupMs = Math.max(...opened.map((o) => o.lastAtMs)) - t0;
    const cpuMs = pids.map((pid, k) => readCpuMs(pid) - (cpu0[k] ?? 0));
    const redisCpuMs = withRedis ? readCpuMs(withRedis.pid) - redisCpu0 : 0;
    const clientCpu1 = clientCpu();
    const clientCpuMsDuringSetup = { user: clientCpu1.user - clientCpu0.user, system: clientCpu1.system - clientCpu0.system };
    const total = opened.reduce((sum, o) => sum + o.opened, 0);
    const failed = opened.reduce((sum, o) => sum + o.failed, 0);
    const perNode = servers.map((server) =>
      opened.reduce((sum, o, i) => sum + (o.openedPerPort[rotated(i).indexOf(server.port)] ?? 0), 0),
    );
    const firstError = opened.find((o) => o.firstError)?.firstError;
    const tenths = Array.from({ length: 10 }, (_, k) => Math.max(...opened.map((o) => o.tenthsAtMs[k] ?? Number.NaN)));
    const tenthsPerSec = tenths.map((at, k) => target.connections / 10 / ((at - (k === 0 ? t0 : (tenths[k - 1] ?? t0))) / 1000));
    log(
      `  ${target.label} (pid ${pids.join(", ")}): ${fmt(total)} open${target.nodes > 1 ? ` (${perNode.map((n) => fmt(n)).join(" + ")})` : ""}` +
        `${failed ? `, ${fmt(failed)} failed (${firstError})` : ""} from ${clients} client processes in ${(setupMs / 1000).toFixed(1)} s` +
        ` (connections/s per tenth: ${tenthsPerSec.map((rate) => fmt(rate)).join(", ")}; load average ${describeMachine().loadAverage.join(" ")}); idle ${idleMs / 1000} s`,
    );
    await sleep(idleMs);
    const idle = await Promise.all(servers.map((server) => readServerMemory(server.child)));
    const redisIdleRss = withRedis ? readRssBytes(withRedis.pid) : 0;
    const status = await Promise.all(workers.map((worker) => next<StatusMessage>(worker, "status", 30_000, { type: "status" })));
    const perConnection = (after: number, earlier: number, count: number) => (count > 0 ? (after - earlier) / count : Number.NaN);
    const nodes: NodeResult[] = servers.map((server, k) => {
      const b = before[k]?.usage as MemorySample;
      const a = idle[k]?.usage as MemorySample;
      const count = perNode[k] ?? 0;
      return {
        port: server.port,
        pid: pids[k] ?? 0,
        connections: count,
        before: b,
        idle: a,
        cpuMsDuringSetup: cpuMs[k] ?? 0,
        rssPerConnection: perConnection(a.vmRss, b.vmRss, count),
        heapUsedPerConnection: perConnection(a.heapUsed, b.heapUsed, count),
        externalPerConnection: perConnection(a.external, b.external, count),
      };
    });
    const beforeSum = sumMemory(nodes.map((n) => n.before));
    const idleSum = sumMemory(nodes.map((n) => n.idle));
    const rssPerConnection = perConnection(idleSum.vmRss, beforeSum.vmRss, total);
    const redisResult = withRedis
      ? { beforeRss: redisBeforeRss, idleRss: redisIdleRss, cpuMsDuringSetup: redisCpuMs, rssPerConnection: perConnection(redisIdleRss, redisBeforeRss, total) }
      : undefined;
    return {
      target: target.id,
      connections: target.connections,
      clients,
      opened: total,
      failed,
      firstError,
      setupMs,
      connectionsPerSec: total / (setupMs / 1000),
      tenthsPerSec,
      clientCpuMsDuringSetup,
      serverCpuMsDuringSetup: cpuMs.reduce((sum, ms) => sum + ms, 0) + redisCpuMs,
      stillOpenAfterIdle: status.reduce((sum, s) => sum + s.open, 0),
      closedUnexpectedly: status.reduce((sum, s) => sum + s.closedUnexpectedly, 0),
      before: beforeSum,
      idle: idleSum,
      rssPerConnection,
      heapUsedPerConnection: perConnection(idleSum.heapUsed, beforeSum.heapUsed, total),
      externalPerConnection: perConnection(idleSum.external, beforeSum.external, total),
      gcCollected: [...before, ...idle].every((sample) => sample.collected),
      nodes,
      ...(redisResult ? { redis: redisResult, rssPerConnectionWithRedis: rssPerConnection + redisResult.rssPerConnection } : {}),
    };
  } finally {
    for (const worker of workers) if (worker.connected) worker.send({ type: "close" } satisfies DriverMessage);
    await Promise.all(workers.map(async (worker) => (await waitForExit(worker, 10_000)) || stopProcess(worker, 2000)));
    await stopServers(servers);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** The per-node table of one cluster round, with Redis and the totals. */
function formatNodes(result: RoundResult): string {
  const mib = (bytes: number) => fmt(bytes / 2 ** 20, 1);
  const row = (label: string, connections: number, before: MemorySample, idle: MemorySample, cpuMs: number) => [
    label,
    fmt(connections),
    mib(before.vmRss),
    mib(idle.vmRss),
    fmt((idle.vmRss - before.vmRss) / connections),
    fmt((idle.heapUsed - before.heapUsed) / connections),
    fmt((idle.external - before.external) / connections),
    fmt((cpuMs * 1000) / connections),
  ];
  const rows = result.nodes.map((node, k) => row(`node ${k + 1} (pid ${node.pid}, :${node.port})`, node.connections, node.before, node.idle, node.cpuMsDuringSetup));
  const nodesCpu = result.nodes.reduce((sum, node) => sum + node.cpuMsDuringSetup, 0);
  rows.push(row(`all ${result.nodes.length} nodes`, result.opened, result.before, result.idle, nodesCpu));
  if (result.redis) {
    const r = result.redis;
    rows.push([`Redis (RSS only)`, fmt(result.opened), mib(r.beforeRss), mib(r.idleRss), fmt(r.rssPerConnection), "", "", fmt((r.cpuMsDuringSetup * 1000) / result.opened)]);
    rows.push([`nodes + Redis`, fmt(result.opened), mib(result.before.vmRss + r.beforeRss), mib(result.idle.vmRss + r.idleRss), fmt(result.rssPerConnectionWithRedis), "", "", fmt((result.serverCpuMsDuringSetup * 1000) / result.opened)]);
  }
  return formatTable(["process", "connections", "RSS before, MiB", "RSS idle, MiB", "RSS/conn, B", "V8 heap/conn, B", "external/conn, B", "setup CPU us/conn"], rows);
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Connections benchmark\n${formatMachine(machine)}`);
  const requested = Number(flags.connections ?? (flags.quick ? 5000 : 50_000));
  const fdLimit = childFdLimit();
  const raisable = canRaiseHardLimit(fdLimit);
  const serverMax = Math.floor((fdLimit - SERVER_FD_RESERVE) / 100) * 100;
  const single = Math.min(requested, serverMax);
  const nodes = Number(flags.nodes) || 0;
  const clusterConnections = Math.min(requested, serverMax * nodes);
  if (single < requested) {
    console.log(
      `\nTHE CAP IS THIS MACHINE'S FD HARD LIMIT, NOT THE SERVER: \`ulimit -Hn\` is ${fmt(fdLimit)} file descriptors per process` +
        `${raisable ? "" : " and this shell cannot raise it (EPERM: no CAP_SYS_RESOURCE)"}, so one server process can hold at most ${fmt(serverMax)} connections.` +
        ` The single-process runs measure ${fmt(single)} instead of ${fmt(requested)}; ${fmt(requested)} in one process needs a hard limit of at least` +
        ` ${fmt(requested + SERVER_FD_RESERVE)} (tests/bench/README.md says how)${nodes >= 2 ? "" : ", or run the count over a cluster: --nodes=3"}.`,
    );
  }
  if (nodes >= 2) {
    console.log(
      `Cluster: ${fmt(clusterConnections)} connections over ${nodes} Channels nodes (${fmt(Math.ceil(clusterConnections / nodes))} per node process, under that limit) and one redis-server.` +
        (clusterConnections < requested ? ` (${fmt(requested)} would pass ${nodes} x ${fmt(serverMax)}: use more nodes.)` : ""),
    );
  }
  const concurrency = Number(flags.concurrency) || 100;
  const idleMs = Number(flags["idle-ms"]) || 5000;
  const rounds = Number(flags.rounds) || 1;
  const serverRoot = path.resolve(flags["server-root"] ?? repoRoot);
  const wanted = new Set((flags.targets ?? "").split(","));
  if (nodes >= 2) wanted.add("cluster");
  const redis = wanted.has("cluster") && nodes >= 2 ? await startRedis() : undefined;
  try {
    const targets = targetsFor(serverRoot, single, nodes, clusterConnections, redis).filter((t) => wanted.has(t.id));
    for (const t of targets) {
      const clients = clientsFor(t.connections, fdLimit);
      console.log(`${t.label}: ${fmt(t.connections)} connections in ${t.nodes} server process${t.nodes > 1 ? "es" : ""} from ${clients} client processes (127.0.0.2-127.0.0.${1 + clients}), ${concurrency} handshakes in flight each`);
    }
    console.log(`our server from ${serverRoot}${redis ? `; redis-server pid ${redis.pid} on :${redis.port}` : ""}`);

    const results: RoundResult[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
      console.log(`\n== round ${round + 1} of ${rounds} (load average now ${describeMachine().loadAverage.join(" ")}) ==`);
      for (const target of order) results.push(await runRound(target, fdLimit, concurrency, idleMs, redis, (line) => console.log(line)));
    }
    report(targets, results, rounds, fdLimit, requested);

    mkdirSync(resultsDir, { recursive: true });
    const file = `${resultsDir}connections-${machine.date.replace(/[:.]/g, "-")}.json`;
    writeFileSync(file, `${JSON.stringify({ machine, flags, requested, single, nodes, clusterConnections, fdLimit, fdHardLimitRaisable: raisable, concurrency, idleMs, results }, null, 2)}\n`);
    console.log(`\nJSON: ${file}\nload average at the end: ${describeMachine().loadAverage.join(" ")}`);
    if (results.some((r) => r.failed > 0 || r.stillOpenAfterIdle !== r.opened)) process.exitCode = 1;
  } finally {
    await redis?.stop();
  }
}

/** Prints the summary table (median of the rounds per target), the cluster's per-node tables and the target verdicts. */
function report(targets: Target[], results: RoundResult[], rounds: number, fdLimit: number, requested: number): void {
  const ids = targets.map((t) => t.id);
  const pick = (id: string, f: (r: RoundResult) => number) => median(results.filter((r) => r.target === id).map(f));
  const rows: Array<[string, (r: RoundResult) => number, number]> = [
    ["server processes", (r) => r.nodes.length, 0],
    ["connections open (and subscribed, ours)", (r) => r.opened, 0],
    ["failed", (r) => r.failed, 0],
    ["still open after idle", (r) => r.stillOpenAfterIdle, 0],
    ["setup: connections/s", (r) => r.connectionsPerSec, 0],
    ["setup: all connected, s", (r) => r.setupMs / 1000, 1],
    ["setup: server CPU us per connection", (r) => (r.serverCpuMsDuringSetup * 1000) / r.opened, 0],
    ["setup: clients' CPU us per connection, user", (r) => (r.clientCpuMsDuringSetup.user * 1000) / r.opened, 0],
    ["setup: clients' CPU us per connection, system", (r) => (r.clientCpuMsDuringSetup.system * 1000) / r.opened, 0],
    ["server RSS before clients, MiB", (r) => r.before.vmRss / 2 ** 20, 1],
    ["server RSS all idle, MiB", (r) => r.idle.vmRss / 2 ** 20, 1],
    ["server V8 heap used: idle - before, MiB", (r) => (r.idle.heapUsed - r.before.heapUsed) / 2 ** 20, 1],
    ["RSS per idle connection, bytes", (r) => r.rssPerConnection, 0],
    ["V8 heap per idle connection, bytes", (r) => r.heapUsedPerConnection, 0],
    ["external (Buffers) per idle connection, bytes", (r) => r.externalPerConnection, 0],
  ];
  if (ids.includes("cluster")) rows.push(["RSS per idle connection with Redis, bytes", (r) => r.rssPerConnectionWithRedis ?? Number.NaN, 0]);
  const labels = Object.fromEntries(targets.map((t) => [t.id, t.label]));
  const paired = ids.includes("ws") && ids.includes("ours");
  const headers = ["metric", ...ids.map((id) => labels[id] ?? id), ...(paired ? ["ours/ws"] : [])];
  const body = rows.map(([label, f, digits]) => {
    const values = ids.map((id) => pick(id, f));
    // A ratio to a reference of a few bytes (Buffers per connection: GC noise around zero) says nothing.
    const base = pick("ws", f);
    const ratio = paired ? [Math.abs(base) < 100 ? "n/a" : fmt(pick("ours", f) / base, 2)] : [];
    return [label, ...values.map((v) => fmt(v, digits)), ...ratio];
  });
  const counts = targets.map((t) => `${fmt(t.connections)} ${t.label}`).join(", ");
  console.log(`\nIdle connections: ${counts} (median of ${rounds} round${rounds > 1 ? "s" : ""}; memory read after a full GC; cluster memory summed over its nodes)\n${formatTable(headers, body)}`);
  for (const [i, result] of results.filter((r) => r.target === "cluster").entries()) {
    console.log(`\n${labels.cluster}, round ${i + 1}: per node (before any client vs all connected and ${fmt(result.opened)} idle)\n${formatNodes(result)}`);
  }
  const verdict = (id: TargetId, where: string, extra = "") => {
    const mine = results.filter((r) => r.target === id);
    const target = targets.find((t) => t.id === id);
    if (mine.length === 0 || !target) return;
    const rss = pick(id, (r) => r.rssPerConnection);
    const failed = Math.max(...mine.map((r) => r.failed));
    const held = mine.every((r) => r.stillOpenAfterIdle === r.opened);
    const setUp = failed === 0 ? "all set up" : `${fmt(failed)} of ${fmt(target.connections)} not set up (${mine.find((r) => r.firstError)?.firstError ?? "?"})`;
    console.log(
      `Target (issue 11): <= 6 KB (6,000 bytes) server memory per idle connection, ${target.label}: RSS ${fmt(rss)} bytes -> ${rss <= 6000 ? "met" : "MISSED"}` +
        ` at ${fmt(target.connections)} connections ${where}${extra}; ${setUp}; every one set up still open after the idle period: ${held ? "yes" : "NO"}`,
    );
  };
  console.log("");
  const singleCount = targets.find((t) => t.id === "ours")?.connections ?? 0;
  verdict("ours", "in one process", singleCount < requested ? ` (the most one process may hold under this machine's fd hard limit of ${fmt(fdLimit)}; ${fmt(requested)} not reachable in one process here)` : "");
  const cluster = results.filter((r) => r.target === "cluster");
  if (cluster.length > 0) {
    const worstNode = median(cluster.map((r) => Math.max(...r.nodes.map((n) => n.rssPerConnection))));
    const withRedis = median(cluster.map((r) => r.rssPerConnectionWithRedis ?? Number.NaN));
    verdict("cluster", `across ${cluster[0]?.nodes.length} node processes`, ` (worst node ${fmt(worstNode)} bytes; with Redis's growth ${fmt(withRedis)} bytes)`);
  }
}

await main();
