// Driver side of the app bench's Node subscribers: forks worker processes of pusher-js clients
// and collects every delivery they recorded.
import type { ChildProcess } from "node:child_process";
import { spawnNode, stopProcess, waitForExit } from "../lib/processes.ts";
import type { SubscriberInit, SubscriberMessage, SubscriberReport } from "./subscriber-worker.ts";

const workerScript = new URL("./subscriber-worker.ts", import.meta.url).pathname;

/** One delivery to one Node subscriber. */
export interface Delivery {
  key: number;
  at: number;
  subscriber: string;
}

function reply<T extends SubscriberMessage>(child: ChildProcess, type: T["type"], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber worker: no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: SubscriberMessage) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message as T);
    };
    child.on("message", onMessage);
  });
}

/** `total` pusher-js clients spread over `workers` processes. */
export class SubscriberPool {
  private constructor(private readonly children: ChildProcess[]) {}

  /** Forks the workers and resolves once every client is subscribed. */
  static async start(init: Omit<SubscriberInit, "type" | "count">, total: number, workers: number): Promise<SubscriberPool> {
    const children = Array.from({ length: workers }, () => spawnNode(workerScript, { ipc: true }));
    const pool = new SubscriberPool(children);
    try {
      const ready = await Promise.all(
        children.map((child, i) => {
          const answer = reply<{ type: "ready"; subscribed: number; error?: string }>(child, "ready", 60_000);
          const count = Math.floor(total / workers) + (i < total % workers ? 1 : 0);
          child.send({ type: "init", ...init, count } satisfies SubscriberInit);
          return answer;
        }),
      );
      const failed = ready.find((r) => r.error);
      if (failed) throw new Error(`pusher-js subscribers failed: ${failed.error}`);
      return pool;
    } catch (error) {
      await pool.stop();
      throw error;
    }
  }

  /** Every delivery recorded so far, across workers. */
  async deliveries(): Promise<Delivery[]> {
    const reports = await Promise.all(
      this.children.map((child) => {
        const answer = reply<SubscriberReport>(child, "report", 30_000);
        child.send({ type: "report" });
        return answer;
      }),
    );
    return reports.flatMap((report, w) => Array.from(report.keys, (key, i) => ({ key, at: report.times[i] ?? 0, subscriber: `node-${w}-${report.clients[i]}` })));
  }

  /** Disconnects the clients and ends the workers. */
  async stop(): Promise<void> {
    for (const child of this.children) if (child.connected) child.send({ type: "stop" });
    await Promise.all(this.children.map(async (child) => (await waitForExit(child, 3000)) || stopProcess(child, 2000)));
  }
}
