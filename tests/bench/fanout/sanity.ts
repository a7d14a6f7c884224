// Sanity check with the real pusher-js (Node build): a handful of clients subscribe to our
// server and must receive every event the `pusher` SDK triggers, so the raw-protocol load
// clients measure the same thing a real client would see.
import { startContender } from "./contender.ts";
import { runSustained, type PhaseResult } from "./phases.ts";
import { oursTarget } from "./targets.ts";

/** Runs `clients` pusher-js subscribers against a fresh server of ours for `events` triggers at 20/s. */
export async function runPusherJsSanity(clients: number, events: number): Promise<PhaseResult> {
  const contender = await startContender(oursTarget, { subscribers: clients, workers: 1, window: 1, loadKind: "pusher-js" });
  try {
    return await runSustained(contender.context, 20, (events / 20) * 1000, 1);
  } finally {
    await contender.stop();
  }
}
