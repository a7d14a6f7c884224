// Sanity check with the real pusher-js (Node build): a handful of clients subscribe to our
// server and must receive every event the `pusher` SDK triggers, so the raw-protocol load
// clients measure the same thing a real client would see.
import { drainOutput, freePort, spawnNode, stopProcess, waitForLine } from "../lib/processes.ts";
import { runSustained, type PhaseResult } from "./phases.ts";
import { oursTarget } from "./targets.ts";
import { WorkerPool } from "./worker-pool.ts";

/** Runs `clients` pusher-js subscribers against a fresh server of ours for `events` triggers at 20/s. */
export async function runPusherJsSanity(clients: number, events: number): Promise<PhaseResult> {
  const port = await freePort();
  const server = spawnNode(oursTarget.script, { env: oursTarget.env(port), nodeArgs: oursTarget.nodeArgs });
  const trigger = oursTarget.makeTrigger(port, 1);
  let pool: WorkerPool | undefined;
  try {
    await waitForLine(server, oursTarget.ready, 30_000);
    drainOutput(server, "ours");
    pool = await WorkerPool.start({ kind: "pusher-js", host: "127.0.0.1", port, appKey: oursTarget.appKey, subscribers: clients, workers: 1 });
    return await runSustained({ trigger, pool, serverPid: server.pid ?? 0 }, 20, (events / 20) * 1000, 1);
  } finally {
    await pool?.stop();
    trigger.close();
    await stopProcess(server);
  }
}
