// The demo market's two bot members: the maker keeps resting orders around the price, the taker
// trades against the book. Two members, because an order meeting its own member's resting order cancels
// that order instead of trading (the self-trade rule). Seeded by lib/seed/seed-exchange.ts.
import type { DbClient } from "@/lib/db-client";

/** The liquidity provider: rests a few levels of orders on each side. */
export const MARKET_MAKER_BOT = { email: "market-maker@bots.invalid", name: "Market maker" } as const;
/** The liquidity taker: crosses the spread with market orders. */
export const MARKET_TAKER_BOT = { email: "market-taker@bots.invalid", name: "Market taker" } as const;

/** Funds each bot starts with (a deep enough pocket for days of demo trading). */
export const BOT_GRANT = { usd: "100000000", btc: "2000", eth: "30000" } as const;

/** The bots' user ids; throws when they are missing (the database was not seeded). */
export async function readMarketBots(client: Pick<DbClient, "user">): Promise<{ makerId: string; takerId: string }> {
  const rows = await client.user.findMany({ where: { email: { in: [MARKET_MAKER_BOT.email, MARKET_TAKER_BOT.email] } }, select: { id: true, email: true } });
  const makerId = rows.find((row) => row.email === MARKET_MAKER_BOT.email)?.id;
  const takerId = rows.find((row) => row.email === MARKET_TAKER_BOT.email)?.id;
  if (makerId === undefined || takerId === undefined) throw new Error("The market bots are missing: run `npm run seed` first");
  return { makerId, takerId };
}
