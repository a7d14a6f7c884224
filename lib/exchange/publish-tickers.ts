// `market-global` / `tickers` after book changes, coalesced: commands in quick succession share one
// read and one trigger (at most one per TICKERS_DELAY_MS per process, plus the one in flight), so a
// busy market does not turn every order into a read of every market's 24h window.
import "server-only";
import type Pusher from "pusher";
import type { DbClient } from "@/lib/db";
import { readExchangeTickers } from "@/lib/exchange/read-exchange-tickers";
import { MARKET_GLOBAL_CHANNEL, TICKERS_EVENT } from "@/lib/pusher/channels";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";

/** How long a scheduled tickers event waits for more changes to share it. */
export const TICKERS_DELAY_MS = 250;

/** Schedules one coalesced `tickers` event; the promise resolves (true: sent) once the event that covers this call went out. */
export type ScheduleTickers = () => Promise<boolean>;

/** A coalescing scheduler over `send` (which reads and triggers, resolving true when delivered). */
export function createTickersScheduler(send: () => Promise<boolean>, delayMs: number = TICKERS_DELAY_MS): ScheduleTickers {
  let pending: Promise<boolean> | null = null;
  return () => {
    // A run that has already started may have read the DB before this change: only a not yet started one covers it.
    if (pending !== null) return pending;
    const run = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        pending = null;
        send().then(resolve, () => resolve(false));
      }, delayMs);
      timer.unref?.();
    });
    pending = run;
    return run;
  };
}

/** Reads every market's ticker and triggers `tickers`; false (logged) when reading or sending failed. */
export async function sendTickers(pusher: Pick<Pusher, "trigger">, client: DbClient): Promise<boolean> {
  try {
    const tickers = await readExchangeTickers(client);
    await pusher.trigger(MARKET_GLOBAL_CHANNEL, TICKERS_EVENT, tickers);
    return true;
  } catch (error) {
    console.error(`[publish-tickers] tickers not announced: ${describeTriggerFailure(error)}`);
    return false;
  }
}

const schedulers = new WeakMap<object, ScheduleTickers>();

/** The process's coalesced tickers publisher for this pusher client and DB client. */
export function scheduleTickers(pusher: Pick<Pusher, "trigger">, client: DbClient): Promise<boolean> {
  let schedule = schedulers.get(pusher);
  if (schedule === undefined) {
    schedule = createTickersScheduler(() => sendTickers(pusher, client));
    schedulers.set(pusher, schedule);
  }
  return schedule();
}
