// `npm run bench:hardening`: the two attacks of issue 8 that are about resources, measured against our
// Channels server in its own process, with every load generator in its own process, loopback only.
//
// 1. Slow bodies: Channels server RSS before, during and after N unauthenticated POSTs that each send
//    part of a ~200 KB body and stall (the attack: 4,000 of them took RSS from 294 MB to 920 MB).
// 2. Client-event flood: p50/p99 delivery latency of a canary channel (subscribers + the pusher SDK
//    triggering at a fixed rate) while 4 sockets send 60 KB client-x frames as fast as they drain and
//    reconnect whenever closed, against the same canary without the flood; plus the server's CPU share.
//
// Flags (after `--`): --server-root=DIR runs scripts/channels-server.ts of another checkout (e.g. a git
// worktree of an older commit, for before/after numbers); --connections=4000 --send-kb=150
// --subscribers=50 --rate=20 --seconds=10 --rounds=2 --only=slow-body|flood --quick.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { nowMs, sleep } from "./lib/clock.ts";
import { describeMachine } from "./lib/machine.ts";
import { drainOutput, freePort, readCpuMs, readRssBytes, repoRoot, spawnNode, stopProcess, waitForLine } from "./lib/processes.ts";
import { summarizeLatency, type LatencySummary } from "./lib/stats.ts";
import { fmt, formatTable } from "./lib/table.ts";
import type { CanaryReport, FloodReport, SlowBodyHolding, Target } from "./hardening/protocol.ts";

const APP = { appId: "700007", key: "hardening-key", secret: "hardening-secret" };

function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : fallback;
}
const quick = process.argv.includes("--quick");
const options = {
  serverRoot: path.resolve(flag("server-root", repoRoot)),
  connections: Number(flag("connections", quick ? "500" : "4000")),
  sendBytes: Number(flag("send-kb", "150")) * 1024,
  subscribers: Number(flag("subscribers", "50")),
  rate: Number(flag("rate", "20")),
  seconds: Number(flag("seconds", quick ? "4" : "10")),
  rounds: Number(flag("rounds", quick ? "1" : "2")),
  only: flag("only", "all"),
};

/** Sends one message to a worker and resolves with its next message of `type`. */
function ask<T extends { type: string }>(child: ChildProcess, message: unknown, type: T["type"], timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${type}' from worker within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(reply as T);
    };
    child.on("message", onMessage);
    child.send(message as object);
  });
}

function worker(name: string): ChildProcess {
  const child = spawnNode(`tests/bench/hardening/${name}.ts`, { ipc: true });
  drainOutput(child, name);
  return child;
}

async function startServer(): Promise<{ child: ChildProcess; target: Target }> {
  const port = await freePort();
  const child = spawnNode(path.join(options.serverRoot, "scripts/channels-server.ts"), {
    cwd: options.serverRoot,
    env: { PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, CHANNELS_HOST: "127.0.0.1", CHANNELS_PORT: String(port), CHANNELS_WEBHOOK_URL: "" },
  });
  await waitForLine(child, /Channels server listening on/, 30_000);
  drainOutput(child, "server");
  await sleep(1000);
  return { child, target: { host: "127.0.0.1", port, ...APP } };
}

const mib = (bytes: number) => bytes / 1024 / 1024;

/** Samples a process's RSS every 200 ms until stopped; returns the peak. */
function sampleRss(pid: number): { stop: () => number } {
  let peak = readRssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readRssBytes(pid));
    } catch {
      // The process is gone: keep the last peak.
    }
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

interface SlowBodyResult {
  connections: number;
  sendBytes: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssHoldingMiB: number;
  rssAfterReleaseMiB: number;
  holding: SlowBodyHolding;
  final: SlowBodyHolding;
}

async function measureSlowBodies(): Promise<SlowBodyResult> {
  const { child: server, target } = await startServer();
  const pid = server.pid ?? 0;
  const load = worker("slow-body-worker");
  try {
    const rssBefore = readRssBytes(pid);
    const sampler = sampleRss(pid);
    const holding = await ask<SlowBodyHolding>(
      load,
      { type: "start", target, count: options.connections, sendBytes: options.sendBytes, contentLength: 200 * 1024, concurrency: 200 },
      "holding",
      300_000,
    );
    // Held for 5 s: long enough for a server that buffers to show it, short of every timeout we set.
    await sleep(5000);
    const rssHolding = readRssBytes(pid);
    const final = await ask<SlowBodyHolding>(load, { type: "stop" }, "holding");
    await sleep(3000);
    const rssPeak = sampler.stop();
    return {
      connections: options.connections,
      sendBytes: options.sendBytes,
      rssBeforeMiB: mib(rssBefore),
      rssPeakMiB: mib(rssPeak),
      rssHoldingMiB: mib(rssHolding),
      rssAfterReleaseMiB: mib(readRssBytes(pid)),
      holding,
      final,
    };
  } finally {
    await stopProcess(load, 2000);
    await stopProcess(server);
  }
}

interface FloodPhase {
  phase: string;
  latency: LatencySummary;
  received: number;
  expected: number;
  serverCpuPercent: number;
  /** The load processes' CPU on the same cores: the flood generator competes with the server and the canary. */
  floodCpuPercent: number;
  canaryCpuPercent: number;
  flood: FloodReport | null;
}

async function measureFlood(): Promise<FloodPhase[]> {
  const { child: server, target } = await startServer();
  const pid = server.pid ?? 0;
  const canary = worker("canary-worker");
  const phases: FloodPhase[] = [];
  try {
    await ask(canary, { type: "init", target, subscribers: options.subscribers }, "ready");
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const flooded of [false, true]) {
        const flooder = flooded ? worker("flood-worker") : null;
        try {
          if (flooder) {
            flooder.send({ type: "start", target, sockets: 4, frameBytes: 60 * 1024 });
            await sleep(1000);
          }
          const pids = [pid, canary.pid ?? 0, flooder?.pid ?? 0];
          const cpuStart = pids.map((p) => (p ? readCpuMs(p) : 0));
          const wallStart = nowMs();
          const report = await ask<CanaryReport>(canary, { type: "measure", rate: options.rate, seconds: options.seconds }, "report");
          const wall = nowMs() - wallStart;
          const [serverCpuPercent = 0, canaryCpuPercent = 0, floodCpuPercent = 0] = pids.map((p, i) => (p ? ((readCpuMs(p) - (cpuStart[i] ?? 0)) / wall) * 100 : 0));
          const flood = flooder ? await ask<FloodReport>(flooder, { type: "stop" }, "report") : null;
          phases.push({
            phase: `${flooded ? "4-socket 60 KB flood" : "quiet"} (round ${round})`,
            latency: summarizeLatency(report.latencies),
            received: report.received,
            expected: report.expected,
            serverCpuPercent,
            canaryCpuPercent,
            floodCpuPercent,
            flood,
          });
        } finally {
          if (flooder) await stopProcess(flooder, 2000);
        }
        await sleep(2000);
      }
    }
    return phases;
  } finally {
    canary.send({ type: "stop" });
    await stopProcess(canary, 2000);
    await stopProcess(server);
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log(`Hardening bench: server from ${options.serverRoot}`);
  console.log(`${machine.date} ${machine.nproc} cores ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage.map((l) => l.toFixed(2)).join(" ")}`);
  const results: { machine: typeof machine; options: typeof options; slowBodies?: SlowBodyResult; flood?: FloodPhase[] } = { machine, options };

  if (options.only === "all" || options.only === "slow-body") {
    const slow = await measureSlowBodies();
    results.slowBodies = slow;
    console.log(`\nSlow bodies: ${fmt(slow.connections)} unauthenticated POSTs, each sending ${fmt(slow.sendBytes / 1024)} KiB of a 200 KiB body, then stalling`);
    console.log(
      formatTable(
        ["server RSS", "MiB"],
        [
          ["before", fmt(slow.rssBeforeMiB, 1)],
          ["peak while sending and holding", fmt(slow.rssPeakMiB, 1)],
          ["holding (5 s after the last was sent)", fmt(slow.rssHoldingMiB, 1)],
          ["3 s after the clients let go", fmt(slow.rssAfterReleaseMiB, 1)],
        ],
      ),
    );
    const answered = Object.entries(slow.final.answered).map(([status, n]) => `${status}: ${fmt(n)}`).join(", ") || "none";
    console.log(`opened ${fmt(slow.holding.opened)}, failed ${fmt(slow.holding.failed)}; answered before the body was complete: ${answered}; connections closed by the server: ${fmt(slow.final.closedByServer)}`);
  }

  if (options.only === "all" || options.only === "flood") {
    const phases = await measureFlood();
    results.flood = phases;
    console.log(`\nClient-event flood: canary channel with ${options.subscribers} subscribers, ${options.rate} triggers/s for ${options.seconds} s per phase`);
    console.log(
      formatTable(
        ["phase", "p50 ms", "p99 ms", "max ms", "received", "CPU % server", "canary", "flooder", "flood frames", "4301 replies", "4100 closes", "flood sockets"],
        phases.map((p) => [
          p.phase,
          fmt(p.latency.p50Ms, 1),
          fmt(p.latency.p99Ms, 1),
          fmt(p.latency.maxMs, 1),
          `${fmt(p.received)}/${fmt(p.expected)}`,
          fmt(p.serverCpuPercent, 0),
          fmt(p.canaryCpuPercent, 0),
          p.flood ? fmt(p.floodCpuPercent, 0) : "",
          p.flood ? fmt(p.flood.framesSent) : "",
          p.flood ? fmt(p.flood.refused4301) : "",
          p.flood ? fmt(p.flood.overCapacity4100) : "",
          p.flood ? fmt(p.flood.connections) : "",
        ]),
      ),
    );
  }

  const dir = path.join(repoRoot, "tests/bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `hardening-${machine.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, (_key, value: unknown) => (value instanceof Float64Array ? undefined : value), 2));
  console.log(`\nJSON: ${path.relative(repoRoot, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
