// Driver side of the app bench's load: forks the order worker processes (./order-worker.ts), hands each
// its members, starts every run on all workers at one wall-clock moment and collects their records.
import type { ChildProcess } from "node:child_process";
import { waitForMessage } from "../lib/child-messages.ts";
import { drainOutput, spawnNode, stopProcess, waitForExit } from "../lib/processes.ts";
import type { RequestRecord, WorkerInit, WorkerMessage, WorkerRun, WorkerTrade } from "./order-worker.ts";
import { wallNowMs } from "./wall-clock.ts";

/** The latency phase's trade: when the taker's order was sent, its round trip, both answers, the keys accepted. */
export type TradeAnswer = Extract<WorkerMessage, { type: "traded" }>;

const workerScript = new URL("./order-worker.ts", import.meta.url).pathname;

/** The worker's next message of `type` (that `match` accepts); its `failed` message rejects. */
function reply<T extends WorkerMessage>(child: ChildProcess, type: T["type"], timeoutMs: number, tail: () => string, match?: (message: T) => boolean): Promise<T> {
  return waitForMessage<WorkerMessage, T>(child, type, timeoutMs, {
    label: "order worker",
    tail,
    ...(match ? { match: (message: WorkerMessage) => match(message as T) } : {}),
    failure: (message) => (message.type === "failed" ? new Error(`order worker failed: ${message.error}`) : undefined),
  });
}

/** Worker processes, each with its share of the members (member i goes to worker i mod workers). */
export class OrderPool {
  private nextTradeId = 0;

  private constructor(
    private readonly children: ChildProcess[],
    private readonly tails: Array<() => string>,
    /** Each worker's members, by global index. */
    readonly membersOf: number[][],
  ) {}

  /** Forks `workers` processes and signs every member in; resolves once all are signed in. */
  static async start(init: Omit<WorkerInit, "type" | "members">, members: string[], workers: number): Promise<OrderPool> {
    const count = Math.max(1, Math.min(workers, members.length));
    // Production React in the workers (the Flight client's development build checks and logs more).
    const children = Array.from({ length: count }, () => spawnNode(workerScript, { ipc: true, env: { NODE_ENV: "production" } }));
    const tails = children.map((child, i) => drainOutput(child, `order-worker-${i}`));
    const membersOf = children.map((_, w) => members.map((_, i) => i).filter((i) => i % count === w));
    const pool = new OrderPool(children, tails, membersOf);
    try {
      const ready = await Promise.all(
        children.map((child, w) => {
          const answer = reply<{ type: "ready"; signedIn: number; error?: string }>(child, "ready", 120_000, tails[w] ?? (() => ""));
          child.send({ type: "init", ...init, members: (membersOf[w] ?? []).map((i) => members[i] ?? "") } satisfies WorkerInit);
          return answer;
        }),
      );
      const failed = ready.find((r) => r.error);
      if (failed) throw new Error(`signing the bench members in failed: ${failed.error}`);
      return pool;
    } catch (error) {
      await pool.stop();
      throw error;
    }
  }

  /** Runs `run` on every worker from one moment `leadMs` from now; resolves with all records (member = global index). */
  async run(run: Omit<WorkerRun, "type" | "startAt">, leadMs = 300): Promise<{ startAt: number; records: RequestRecord[] }> {
    const startAt = wallNowMs() + leadMs;
    const answers = await Promise.all(
      this.children.map((child, w) => {
        const answer = reply<{ type: "ran"; records: RequestRecord[] }>(child, "ran", run.durationMs + 120_000, this.tails[w] ?? (() => ""));
        child.send({ type: "run", ...run, startAt } satisfies WorkerRun);
        return answer;
      }),
    );
    const records = answers.flatMap((answer, w) => answer.records.map((record) => ({ ...record, member: this.membersOf[w]?.[record.member] ?? -1 })));
    return { startAt, records };
  }

  /** Has worker 0's members `maker` and `taker` (its local indexes) trade at `price`; resolves with the taker's stamps. */
  trade(trade: Omit<WorkerTrade, "type" | "id">): Promise<TradeAnswer> {
    const child = this.children[0];
    if (!child) throw new Error("no order worker");
    const id = (this.nextTradeId += 1);
    const answer = reply<TradeAnswer>(child, "traded", 60_000, this.tails[0] ?? (() => ""), (message) => message.id === id);
    child.send({ type: "trade", id, ...trade } satisfies WorkerTrade);
    return answer;
  }

  /** Ends the workers. */
  async stop(): Promise<void> {
    for (const child of this.children) if (child.connected) child.send({ type: "stop" });
    await Promise.all(this.children.map(async (child) => (await waitForExit(child, 3000)) || stopProcess(child, 2000)));
  }
}
