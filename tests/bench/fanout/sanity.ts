// Sanity check with the real pusher-js (Node build): a handful of clients subscribe to our
// server and must receive every event the `pusher` SDK triggers, so the raw-protocol load
// clients measure the same thing a real client would see.
import { startContender } from "./contender.ts";
import { runSustained, type LoadShape, type PhaseResult } from "./phases.ts";
import type { TargetSpec } from "./targets.ts";

/** Runs `clients` pusher-js subscribers against a fresh server of ours for `events` triggers at 20/s (each one event, or `feed`'s batch). */
export async function runPusherJsSanity(ours: TargetSpec, clients: number, events: number, feed?: { shape: LoadShape; channels: string[] }): Promise<PhaseResult> {
  const contender = await startContender(ours, { subscribers: clients, workers: 1, window: 1, loadKind: "pusher-js", ...feed });
  try {
    return await runSustained(contender.context, 20, (events / 20) * 1000, 1);
  } finally {
    await contender.stop();
  }
}
