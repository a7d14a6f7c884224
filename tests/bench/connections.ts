// `npm run bench:connections`: idle connections at scale. Our Channels server and a bare `ws` server (the
// reference), one after the other, each in its own process; client processes, each from its own loopback
// source address (127.0.0.2, .3, ...: one address has only ~28k ephemeral ports towards one server port),
// open N connections (ours: Pusher protocol, connect and subscribe to one channel; bare ws: connect) and
// hold them idle. Reports the connection setup rate (connections/s, and the server's CPU per connection)
// and the server memory per idle connection: RSS and V8 heap (after a full GC, read in the server process
// by tests/bench/lib/memory-probe.ts), before any client vs all connected and idle.
//
// File descriptors: every process is started through `sh -c 'ulimit -n N; exec node ...'` with N the hard
// limit (at most 65536), so the limit is raised for the bench's children only. One server process holds
// every connection, so N caps the count: asked for more than the hard limit allows, the bench measures at
// the most it allows and says so (see tests/bench/README.md for reaching 50,000).
//
// Flags (after `--`): --connections=50000, --targets=ws,ours, --clients=4 (client processes, at least
// enough that each stays under the fd limit), --concurrency=100 (handshakes in flight per client process),
// --idle-ms=5000, --rounds=1, --server-root=DIR (our server from another checkout), --quick (5,000),
// --cpu-prof (a V8 CPU profile of each server in tests/bench/results/profiles/; summarize-cpu-profile.ts reads one).
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { waitForMessage } from "./lib/child-messages.ts";
import { nowMs, sleep } from "./lib/clock.ts";
import { describeMachine, formatMachine } from "./lib/machine.ts";
import type { MemoryReply } from "./lib/memory-probe.ts";
import { childFdLimit, drainOutput, freePort, readCpuMs, readRssBytes, repoRoot, spawnNode, stopProcess, waitForExit, waitForLine } from "./lib/processes.ts";
import { fmt, formatTable } from "./lib/table.ts";
import type { ConnectKind, DriverMessage, OpenedMessage, StatusMessage } from "./connections/protocol.ts";

const { values: flags } = parseArgs({
  options: {
    connections: { type: "string" },
    targets: { type: "string", default: "ws,ours" },
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
/** File descriptors a server process needs besides its client sockets (stdio, IPC, epoll, listener, libuv). */
const SERVER_FD_RESERVE = 200;
const CLIENT_FD_RESERVE = 100;
const resultsDir = new URL("./results/", import.meta.url).pathname;
const probe = new URL("./lib/memory-probe.ts", import.meta.url).pathname;
const clientScript = new URL("./connections/connect-worker.ts", import.meta.url).pathname;

interface Target {
  id: "ws" | "ours";
  label: string;
  kind: ConnectKind;
  script: string;
  cwd: string;
  env(port: number): Record<string, string>;
}

function targetsFor(serverRoot: string): Target[] {
  return [
    {
      id: "ws",
      label: "bare ws",
      kind: "ws",
      script: new URL("./fanout/ws-reference-server.ts", import.meta.url).pathname,
      cwd: repoRoot,
      env: (port) => ({ BENCH_PORT: String(port) }),
    },
    {
      id: "ours",
      label: "ours",
      kind: "pusher",
      script: path.join(serverRoot, "scripts/channels-server.ts"),
      cwd: serverRoot,
      env: (port) => ({ PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: String(port), CHANNELS_WEBHOOK_URL: "" }),
    },
  ];
}

/** Everything measured for one server in one round. */
interface RoundResult {
  target: Target["id"];
  connections: number;
  opened: number;
  failed: number;
  firstError?: string;
  setupMs: number;
  connectionsPerSec: number;
  serverCpuMsDuringSetup: number;
  stillOpenAfterIdle: number;
  closedUnexpectedly: number;
  before: NodeJS.MemoryUsage & { vmRss: number };
  idle: NodeJS.MemoryUsage & { vmRss: number };
  rssPerConnection: number;
  heapUsedPerConnection: number;
  externalPerConnection: number;
  gcCollected: boolean;
}

/** Sends `message` (when given) and resolves with the child's next message of `type`. */
function next<T extends { type: string }>(child: ChildProcess, type: T["type"], timeoutMs: number, message?: object): Promise<T> {
  return waitForMessage<{ type: string }, T>(child, type, timeoutMs, { label: `pid ${child.pid}`, ...(message ? { send: message } : {}) });
}

async function readMemory(server: ChildProcess): Promise<{ usage: NodeJS.MemoryUsage & { vmRss: number }; collected: boolean }> {
  const reply = await next<MemoryReply>(server, "memory", 30_000, { type: "memory" });
  return { usage: { ...reply.usage, vmRss: readRssBytes(server.pid ?? 0) }, collected: reply.collected };
}

/** Client process i opens its share from 127.0.0.(2 + i). */
function shares(total: number, clients: number): number[] {
  return Array.from({ length: clients }, (_, i) => Math.floor(total / clients) + (i < total % clients ? 1 : 0));
}

async function runRound(target: Target, connections: number, clients: number, concurrency: number, idleMs: number, log: (line: string) => void): Promise<RoundResult> {
  const port = await freePort();
  const profile = flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${resultsDir}profiles`] : [];
  const server = spawnNode(target.script, { cwd: target.cwd, env: target.env(port), ipc: true, nodeArgs: ["--expose-gc", "--conditions=react-server", ...profile], preload: [probe] });
  const serverTail = drainOutput(server, target.label);
  const workers: ChildProcess[] = [];
  try {
    await waitForLine(server, /listening on ws:\/\//, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${serverTail()}`);
    });
    await sleep(1000);
    const before = await readMemory(server);
    for (let i = 0; i < clients; i += 1) {
      const worker = spawnNode(clientScript, { ipc: true });
      drainOutput(worker, `client ${i}`);
      workers.push(worker);
    }
    await Promise.all(workers.map((worker) => next(worker, "ready", 60_000)));
    const cpu0 = readCpuMs(server.pid ?? 0);
    const t0 = nowMs();
    const opened = await Promise.all(
      shares(connections, clients).map((count, i) => {
        const worker = workers[i] as ChildProcess;
        const open: DriverMessage = { type: "open", kind: target.kind, host: "127.0.0.1", port, appKey: APP.key, channel: CHANNEL, count, localAddress: `127.0.0.${2 + i}`, concurrency };
        return next<OpenedMessage>(worker, "opened", 600_000, open);
      }),
    );
    const setupMs = Math.max(...opened.map((o) => o.lastAtMs)) - t0;
    const serverCpuMsDuringSetup = readCpuMs(server.pid ?? 0) - cpu0;
    const total = opened.reduce((sum, o) => sum + o.opened, 0);
    const failed = opened.reduce((sum, o) => sum + o.failed, 0);
    log(`  ${target.label} (pid ${server.pid}): ${fmt(total)} open${failed ? `, ${fmt(failed)} failed (${opened.find((o) => o.firstError)?.firstError})` : ""} in ${(setupMs / 1000).toFixed(1)} s; idle ${idleMs / 1000} s`);
    await sleep(idleMs);
    const idle = await readMemory(server);
    const status = await Promise.all(workers.map((worker) => next<StatusMessage>(worker, "status", 30_000, { type: "status" })));
    const per = (pick: (u: NodeJS.MemoryUsage & { vmRss: number }) => number) => (total > 0 ? (pick(idle.usage) - pick(before.usage)) / total : Number.NaN);
    return {
      target: target.id,
      connections,
      opened: total,
      failed,
      firstError: opened.find((o) => o.firstError)?.firstError,
      setupMs,
      connectionsPerSec: total / (setupMs / 1000),
      serverCpuMsDuringSetup,
      stillOpenAfterIdle: status.reduce((sum, s) => sum + s.open, 0),
      closedUnexpectedly: status.reduce((sum, s) => sum + s.closedUnexpectedly, 0),
      before: before.usage,
      idle: idle.usage,
      rssPerConnection: per((u) => u.vmRss),
      heapUsedPerConnection: per((u) => u.heapUsed),
      externalPerConnection: per((u) => u.external),
      gcCollected: before.collected && idle.collected,
    };
  } finally {
    for (const worker of workers) if (worker.connected) worker.send({ type: "close" } satisfies DriverMessage);
    await Promise.all(workers.map(async (worker) => (await waitForExit(worker, 10_000)) || stopProcess(worker, 2000)));
    await stopProcess(server, 10_000);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Connections benchmark\n${formatMachine(machine)}`);
  const requested = Number(flags.connections ?? (flags.quick ? 5000 : 50_000));
  const fdLimit = childFdLimit();
  const serverMax = Math.floor((fdLimit - SERVER_FD_RESERVE) / 100) * 100;
  const connections = Math.min(requested, serverMax);
  if (connections < requested) {
    console.log(
      `\nfd hard limit ${fmt(fdLimit)}: one server process can hold at most ${fmt(serverMax)} connections, so this run measures ${fmt(connections)}` +
        ` instead of ${fmt(requested)}. ${fmt(requested)} needs a hard limit of at least ${fmt(requested + SERVER_FD_RESERVE)} (tests/bench/README.md says how).`,
    );
  }
  const perClientMax = fdLimit - CLIENT_FD_RESERVE;
  const clients = Math.max(Number(flags.clients) || 4, Math.ceil(connections / perClientMax));
  const concurrency = Number(flags.concurrency) || 100;
  const idleMs = Number(flags["idle-ms"]) || 5000;
  const rounds = Number(flags.rounds) || 1;
  const serverRoot = path.resolve(flags["server-root"] ?? repoRoot);
  const wanted = new Set((flags.targets ?? "").split(","));
  const targets = targetsFor(serverRoot).filter((t) => wanted.has(t.id));
  console.log(`${fmt(connections)} connections per server from ${clients} client processes (127.0.0.2-127.0.0.${1 + clients}), ${concurrency} handshakes in flight each; our server from ${serverRoot}`);

  const results: RoundResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
    console.log(`\n== round ${round + 1} of ${rounds} (load average now ${describeMachine().loadAverage.join(" ")}) ==`);
    for (const target of order) results.push(await runRound(target, connections, clients, concurrency, idleMs, (line) => console.log(line)));
  }

  const ids = targets.map((t) => t.id);
  const pick = (id: string, f: (r: RoundResult) => number) => median(results.filter((r) => r.target === id).map(f));
  const rows: Array<[string, (r: RoundResult) => number, number]> = [
    ["connections open (and subscribed, ours)", (r) => r.opened, 0],
    ["failed", (r) => r.failed, 0],
    ["still open after idle", (r) => r.stillOpenAfterIdle, 0],
    ["setup: connections/s", (r) => r.connectionsPerSec, 0],
    ["setup: all connected, s", (r) => r.setupMs / 1000, 1],
    ["setup: server CPU us per connection", (r) => (r.serverCpuMsDuringSetup * 1000) / r.opened, 0],
    ["server RSS before clients, MiB", (r) => r.before.vmRss / 2 ** 20, 1],
    ["server RSS all idle, MiB", (r) => r.idle.vmRss / 2 ** 20, 1],
    ["server V8 heap used: idle - before, MiB", (r) => (r.idle.heapUsed - r.before.heapUsed) / 2 ** 20, 1],
    ["RSS per idle connection, bytes", (r) => r.rssPerConnection, 0],
    ["V8 heap per idle connection, bytes", (r) => r.heapUsedPerConnection, 0],
    ["external (Buffers) per idle connection, bytes", (r) => r.externalPerConnection, 0],
  ];
  const labels = Object.fromEntries(targets.map((t) => [t.id, t.label]));
  const headers = ["metric", ...ids.map((id) => labels[id] ?? id), ...(ids.includes("ws") && ids.includes("ours") ? ["ours/ws"] : [])];
  const body = rows.map(([label, f, digits]) => {
    const values = ids.map((id) => pick(id, f));
    // A ratio to a reference of a few bytes (Buffers per connection: GC noise around zero) says nothing.
    const base = pick("ws", f);
    const ratio = ids.includes("ws") && ids.includes("ours") ? [Math.abs(base) < 100 ? "n/a" : fmt(pick("ours", f) / base, 2)] : [];
    return [label, ...values.map((v) => fmt(v, digits)), ...ratio];
  });
  console.log(`\n${fmt(connections)} idle connections per server (median of ${rounds} round${rounds > 1 ? "s" : ""}; memory read after a full GC)\n${formatTable(headers, body)}`);
  const ours = results.filter((r) => r.target === "ours");
  if (ours.length > 0) {
    const rss = pick("ours", (r) => r.rssPerConnection);
    const complete = ours.every((r) => r.opened === connections && r.stillOpenAfterIdle === connections);
    console.log(
      `\nTarget (issue 11): ours <= 6 KB (6,000 bytes) server memory per idle connection: RSS ${fmt(rss)} bytes -> ${rss <= 6000 ? "met" : "MISSED"}` +
        ` at ${fmt(connections)} connections${connections < 50_000 ? " (50,000 not reachable under this fd limit)" : ""}; every connection held: ${complete ? "yes" : "NO"}`,
    );
  }

  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}connections-${machine.date.replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, `${JSON.stringify({ machine, flags, requested, connections, fdLimit, clients, concurrency, idleMs, results }, null, 2)}\n`);
  console.log(`\nJSON: ${file}`);
  if (results.some((r) => r.failed > 0 || r.stillOpenAfterIdle !== r.opened)) process.exitCode = 1;
}

await main();
