// The exchange's demo data, idempotent: the currencies (all kept at 8 decimals), each demo market's
// trading rules, the two market bots, demo funds (the demo traders and the bots, once: only a member
// without accounts is granted), and for a market without open orders a book of resting maker orders
// around its last trade price, placed through placeOrder like every other order.
import type { DbClient } from "@/lib/db-client";
import { hashPassword } from "@/lib/auth/password";
import { generateSn } from "@/lib/auth/sn";
import { formatScaled } from "@/lib/exchange/engine";
import { DEMO_GRANT, grantFunds, type FundsGrant } from "@/lib/exchange/demo-funds";
import { readExchangeMarket } from "@/lib/exchange/exchange-market";
import { parseReferencePrice } from "@/lib/exchange/market-engines";
import { placeOrder } from "@/lib/exchange/place-order";
import { readLastTradePrice } from "@/lib/market/read-last-trade-price";
import { DEMO_USERS } from "@/lib/seed/seed-users";
import { BOT_GRANT, MARKET_MAKER_BOT, MARKET_TAKER_BOT } from "@/lib/simulator/market-bots";
import { DEFAULT_QUOTES, quotePrice, volumeForNotional } from "@/lib/simulator/quote-levels";
import { createSeededRandom } from "@/lib/simulator/random-walk";
import { randomBytes } from "node:crypto";

/** Currencies and the decimals their balances keep. */
export const DEMO_CURRENCIES = [
  { id: "usd", scale: 8, position: 1 },
  { id: "btc", scale: 8, position: 2 },
  { id: "eth", scale: 8, position: 3 },
] as const;

/** Each demo market's rules: price step, amount step, minimum order value (USD), fat-finger band (fraction of the last price). */
export const DEMO_MARKET_RULES: Readonly<Record<string, { tickSize: string; lotSize: string; minOrderValue: string; priceBand: string }>> = {
  btcusd: { tickSize: "0.01", lotSize: "0.0001", minOrderValue: "10", priceBand: "0.2" },
  ethusd: { tickSize: "0.01", lotSize: "0.001", minOrderValue: "10", priceBand: "0.2" },
};

/** What seeding the exchange did: members granted funds, and orders placed per market. */
export interface SeedExchangeResult {
  granted: string[];
  orders: Record<string, number>;
}

/** The bot's user id, created with a random password nobody knows (bots never sign in). */
async function ensureBot(client: DbClient, bot: { email: string; name: string }): Promise<string> {
  const existing = await client.user.findUnique({ where: { email: bot.email }, select: { id: true } });
  if (existing) return existing.id;
  const created = await client.user.create({
    data: { ...bot, passwordHash: await hashPassword(randomBytes(32).toString("base64url")), sn: generateSn() },
    select: { id: true },
  });
  return created.id;
}

/** Grants `grant` to `userId` unless they already have an account (so a re-seed never grants twice). */
async function grantOnce(client: DbClient, userId: string, grant: FundsGrant): Promise<boolean> {
  return client.$transaction(async (tx) => {
    if ((await tx.account.count({ where: { userId } })) > 0) return false;
    await grantFunds(tx, userId, grant);
    return true;
  });
}

/** Rests the market maker's levels (DEFAULT_QUOTES) on each side around the last price of a market that has no open orders. */
async function seedBook(client: DbClient, marketId: string, makerId: string): Promise<number> {
  if ((await client.order.count({ where: { marketId, state: "wait" } })) > 0) return 0;
  const market = await readExchangeMarket(client, marketId);
  const mid = parseReferencePrice(await readLastTradePrice(client, marketId), typeof market === "string" ? 0 : market.rules.priceScale);
  if (typeof market === "string" || mid === null) return 0;
  const random = createSeededRandom(marketId.length * 7919);
  let placed = 0;
  for (let level = 1; level <= DEFAULT_QUOTES.levels; level += 1) {
    for (const side of ["sell", "buy"] as const) {
      const price = quotePrice(market.rules, mid, side, level, DEFAULT_QUOTES.stepBps);
      const notional = BigInt(400 + Math.floor(random() * 4_600));
      const volume = volumeForNotional(market.rules, price, notional);
      const result = await placeOrder(client, {
        marketId,
        userId: makerId,
        side,
        kind: "limit",
        price: formatScaled(price, market.rules.priceScale),
        volume: formatScaled(volume, market.rules.amountScale),
      });
      if (!result.ok) throw new Error(`seeding ${marketId}'s book: ${result.error.message}`);
      placed += 1;
    }
  }
  return placed;
}

/** Seeds the exchange on a database whose markets (and demo users) are seeded. Idempotent. */
export async function seedExchange(client: DbClient): Promise<SeedExchangeResult> {
  for (const currency of DEMO_CURRENCIES) {
    await client.currency.upsert({ where: { id: currency.id }, create: { ...currency }, update: { position: currency.position } });
  }
  for (const [marketId, rules] of Object.entries(DEMO_MARKET_RULES)) {
    await client.market.updateMany({ where: { id: marketId }, data: rules });
  }
  const makerId = await ensureBot(client, MARKET_MAKER_BOT);
  const takerId = await ensureBot(client, MARKET_TAKER_BOT);
  const granted: string[] = [];
  const traders = await client.user.findMany({ where: { email: { in: DEMO_USERS.map((user) => user.email) } }, select: { id: true, email: true } });
  for (const trader of traders) if (await grantOnce(client, trader.id, DEMO_GRANT)) granted.push(trader.email);
  for (const [id, email] of [[makerId, MARKET_MAKER_BOT.email], [takerId, MARKET_TAKER_BOT.email]] as const) {
    if (await grantOnce(client, id, BOT_GRANT)) granted.push(email);
  }
  const orders: Record<string, number> = {};
  for (const marketId of Object.keys(DEMO_MARKET_RULES)) orders[marketId] = await seedBook(client, marketId, makerId);
  return { granted, orders };
}
