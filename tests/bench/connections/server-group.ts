// The measured servers of the connections bench: one process, or N Channels cluster nodes over one Redis, each
// started with --expose-gc, an IPC channel and the memory probe preloaded; their memory read after a full GC.
import type { ChildProcess } from "node:child_process";
import { waitForMessage } from "../lib/child-messages.ts";
import type { MemoryReply } from "../lib/memory-probe.ts";
import { drainOutput, freePort, readRssBytes, spawnNode, stopProcess, waitForLine } from "../lib/processes.ts";

/** process.memoryUsage() after a full GC, plus VmRSS from /proc at the same moment. */
export type MemorySample = NodeJS.MemoryUsage & { vmRss: number };

/** How to start one server process of a target. */
export interface ServerSpec {
  label: string;
  script: string;
  cwd: string;
  env(port: number): Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs: string[];
}

/** One running server process. */
export interface RunningServer {
  child: ChildProcess;
  port: number;
  tail: () => string;
}

const probe = new URL("../lib/memory-probe.ts", import.meta.url).pathname;

/** Starts `count` server processes of `spec` side by side on free ports; resolves once all listen. */
export async function startServers(spec: ServerSpec, count: number): Promise<RunningServer[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  const started: RunningServer[] = [];
  const outcomes = await Promise.allSettled(
    [...ports].map(async (port) => {
      const child = spawnNode(spec.script, { cwd: spec.cwd, env: spec.env(port), ipc: true, nodeArgs: ["--expose-gc", "--conditions=react-server", ...spec.nodeArgs], preload: [probe] });
      const tail = drainOutput(child, `${spec.label} :${port}`);
      started.push({ child, port, tail });
      await waitForLine(child, /listening on ws:\/\//, 60_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${tail()}`);
      });
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) {
    await stopServers(started);
    throw failure.reason;
  }
  return started;
}

/** Stops every server (SIGTERM, SIGKILL after 10 s). */
export async function stopServers(servers: RunningServer[]): Promise<void> {
  await Promise.all(servers.map((server) => stopProcess(server.child, 10_000)));
}

/** Asks a server's memory probe for its usage after a full GC; VmRSS read from /proc at that moment. */
export async function readServerMemory(server: ChildProcess): Promise<{ usage: MemorySample; collected: boolean }> {
  const reply = await waitForMessage<{ type: string }, MemoryReply>(server, "memory", 30_000, { label: `pid ${server.pid}`, send: { type: "memory" } });
  return { usage: { ...reply.usage, vmRss: readRssBytes(server.pid ?? 0) }, collected: reply.collected };
}

/** Field-by-field sum of memory samples (the servers of a cluster together). */
export function sumMemory(samples: MemorySample[]): MemorySample {
  const total: MemorySample = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0, vmRss: 0 };
  for (const sample of samples) {
    total.rss += sample.rss;
    total.heapTotal += sample.heapTotal;
    total.heapUsed += sample.heapUsed;
    total.external += sample.external;
    total.arrayBuffers += sample.arrayBuffers;
    total.vmRss += sample.vmRss;
  }
  return total;
}
