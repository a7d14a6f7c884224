// After a command committed: its events (publishExchangeUpdate, in commit order per market) and a
// coalesced `tickers` (every market's ticker moves with fills and best prices). What the order actions
// and the market maker call. Never throws.
import "server-only";
import type Pusher from "pusher";
import type { DbClient } from "@/lib/db";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { publishExchangeUpdate, type PublishOptions } from "@/lib/exchange/publish-exchange-update";
import { scheduleTickers } from "@/lib/exchange/publish-tickers";

/** Private channel naming, and whether to wait for the (coalesced, delayed) tickers event too. */
export interface AnnounceOptions extends PublishOptions {
  /** Default true (an action's after()); the market maker passes false so its steps keep their pace. */
  waitForTickers?: boolean;
}

/** Announces `update`; resolves true when its events (and, if waited for, the tickers covering it) were delivered. */
export async function announceExchangeUpdate(pusher: Pick<Pusher, "trigger" | "triggerBatch">, client: DbClient, update: ExchangeUpdate, options: AnnounceOptions): Promise<boolean> {
  const tickers = scheduleTickers(pusher, client);
  const events = await publishExchangeUpdate(pusher, update, options);
  if (options.waitForTickers === false) return events;
  return (await tickers) && events;
}
