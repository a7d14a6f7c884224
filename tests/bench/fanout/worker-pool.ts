// Driver side of the load clients: forks worker processes, spreads subscribers across them,
// and merges their delivery reports.
import type { ChildProcess } from "node:child_process";
import { waitForMessage } from "../lib/child-messages.ts";
import { spawnNode, stopProcess, drainOutput, waitForExit } from "../lib/processes.ts";
import { mergeSorted } from "../lib/stats.ts";
import { benchChannel, type DriverMessage, type LoadKind, type ReadyMessage, type ReportMessage, type WorkerMessage } from "./protocol.ts";

const workerScript = new URL("./load-worker.ts", import.meta.url).pathname;

/** Where the subscribers connect and how many of them to open. */
export interface PoolTarget {
  kind: LoadKind;
  host: string;
  port: number;
  appKey: string;
  subscribers: number;
  workers: number;
  connectConcurrency?: number;
  /** Channels every subscriber joins (the single `bench` channel when absent). */
  channels?: string[];
}

/** Deliveries merged over every worker since the last reset. */
export type PoolReport = Omit<ReportMessage, "type">;

/** A set of forked load-client workers holding `subscribers` connections to one server. */
export class WorkerPool {
  private constructor(
    private readonly children: ChildProcess[],
    private readonly tails: Array<() => string>,
    readonly subscribers: number,
  ) {}

  /** Forks the workers, opens every subscriber, and resolves once all are subscribed. */
  static async start(target: PoolTarget): Promise<WorkerPool> {
    const share = (i: number) => Math.floor(target.subscribers / target.workers) + (i < target.subscribers % target.workers ? 1 : 0);
    const children = Array.from({ length: target.workers }, () => spawnNode(workerScript, { ipc: true }));
    const pool = new WorkerPool(children, children.map((child, i) => drainOutput(child, `worker ${i}`)), target.subscribers);
    // A worker that never gets ready (e.g. 10,000 connections on an overloaded machine) must not outlive the
    // bench: stop them all, or their IPC channels keep the driver running after it is done.
    const ready = await Promise.all(
      children.map((child, i) => {
        const reply = pool.next<ReadyMessage>(child, "ready", 120_000);
        pool.post(child, {
          type: "init",
          kind: target.kind,
          host: target.host,
          port: target.port,
          appKey: target.appKey,
          count: share(i),
          connectConcurrency: target.connectConcurrency ?? 50,
          channels: target.channels ?? [benchChannel],
        });
        return reply;
      }),
    ).catch(async (error: unknown) => {
      await pool.stop();
      throw error;
    });
    const failed = ready.reduce((sum, r) => sum + r.failed, 0);
    if (failed > 0) {
      await pool.stop();
      throw new Error(`${failed} of ${target.subscribers} ${target.kind} subscribers failed: ${ready.find((r) => r.firstError)?.firstError}`);
    }
    return pool;
  }

  /** Zeroes every worker's counters; each keeps up to `latencyCapacityPerWorker` latency samples. */
  async reset(latencyCapacityPerWorker: number): Promise<void> {
    await Promise.all(
      this.children.map((child) => {
        const reply = this.next(child, "reset-done", 10_000);
        this.post(child, { type: "reset", latencyCapacity: latencyCapacityPerWorker });
        return reply;
      }),
    );
  }

  /** Collects and merges the workers' reports (latency samples merged and sorted when asked). */
  async report(withLatencies = false): Promise<PoolReport> {
    const parts = await Promise.all(
      this.children.map((child) => {
        const reply = this.next<ReportMessage>(child, "report", 30_000);
        this.post(child, { type: "report", withLatencies });
        return reply;
      }),
    );
    const active = parts.filter((p) => p.received > 0);
    return {
      received: parts.reduce((sum, p) => sum + p.received, 0),
      firstAtMs: active.length > 0 ? Math.min(...active.map((p) => p.firstAtMs)) : 0,
      lastAtMs: active.length > 0 ? Math.max(...active.map((p) => p.lastAtMs)) : 0,
      minPerClient: Math.min(...parts.map((p) => p.minPerClient)),
      maxPerClient: Math.max(...parts.map((p) => p.maxPerClient)),
      outOfOrder: parts.reduce((sum, p) => sum + p.outOfOrder, 0),
      closedUnexpectedly: parts.reduce((sum, p) => sum + p.closedUnexpectedly, 0),
      serverPings: parts.reduce((sum, p) => sum + p.serverPings, 0),
      latencies: withLatencies ? mergeSorted(parts.map((p) => p.latencies ?? new Float64Array(0))) : undefined,
    };
  }

  /** Pids of the worker processes (for CPU accounting). */
  pids(): number[] {
    return this.children.map((child) => child.pid ?? 0);
  }

  /** Asks every worker to close its connections and exit; kills stragglers. */
  async stop(): Promise<void> {
    for (const child of this.children) if (child.connected) this.post(child, { type: "stop" });
    await Promise.all(this.children.map(async (child) => (await waitForExit(child, 3000)) || stopProcess(child, 2000)));
  }

  private post(child: ChildProcess, message: DriverMessage): void {
    child.send(message);
  }

  private next<T extends WorkerMessage>(child: ChildProcess, type: T["type"], timeoutMs: number): Promise<T> {
    const tail = this.tails[this.children.indexOf(child)];
    return waitForMessage<WorkerMessage, T>(child, type, timeoutMs, { label: "worker", ...(tail ? { tail } : {}) });
  }
}
