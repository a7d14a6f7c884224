// `npm run simulate -- --rate 2 --market btcusd`: the demo market maker. Its two bot members keep a
// book of resting orders around the last price and trade against it (the taker side chosen by a random
// walk), through placeOrder / cancelOrder and announceExchangeUpdate, the order actions' own code path,
// until Ctrl-C / SIGTERM, --count trades or --duration seconds. Logs a summary line every
// --log-every seconds (10), or every trade with --verbose. Also started by `npm start -- --simulate[=rate]`.
import path from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { parseEnvFile } from "./lib/local-secrets.ts";
import { REPO_ROOT } from "./lib/paths.ts";
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../lib/db-url.ts";
import { parseSimulatorArgs } from "../lib/simulator/simulator-args.ts";

const log = (message: string) => console.log(`[simulate] ${message}`);

async function main(): Promise<void> {
  const args = parseSimulatorArgs(process.argv.slice(2));
  // Same secrets as `npm start`; must happen before lib/env is imported. As in Next, only variables
  // that are undefined are filled: a variable set blank (e.g. by the e2e stack) stays blank.
  const envFile = path.join(REPO_ROOT, ".env.local");
  if (existsSync(envFile)) {
    for (const [key, value] of Object.entries(parseEnvFile(readFileSync(envFile, "utf8")))) process.env[key] ??= value;
  }
  process.env.DATABASE_URL = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);

  const [{ db }, { pusher }, { announceExchangeUpdate }, { privateChannelFor }, { readMarketBots }, { runSimulator }, { createSeededRandom }, { startTradeLog }] =
    await Promise.all([
      import("../lib/db.ts"),
      import("../lib/pusher/server.ts"),
      import("../lib/exchange/announce-exchange-update.ts"),
      import("../lib/auth/private-channel.ts"),
      import("../lib/simulator/market-bots.ts"),
      import("../lib/simulator/run-simulator.ts"),
      import("../lib/simulator/random-walk.ts"),
      import("../lib/simulator/trade-log.ts"),
    ]);
  const privateChannel = (sn: string) => privateChannelFor({ sn });

  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    log(`${signal}: finishing the trade in flight, then stopping`);
    controller.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  try {
    const markets =
      args.market === "all"
        ? (await db.market.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } })).map((m) => m.id)
        : [args.market];
    if (markets.length === 0) throw new Error("No markets in the database: run `npm run migrate && npm run seed` first");
    const bots = await readMarketBots(db);
    const limits = [args.count ? `${args.count} trades each` : null, args.duration ? `${args.duration} s` : null].filter(Boolean);
    log(`${args.rate} trade(s)/s on ${markets.join(", ")}${limits.length ? ` (up to ${limits.join(", ")})` : " until Ctrl-C"}`);
    const tradeLog = startTradeLog({ verbose: args.verbose, everyMs: args.logEvery * 1000, log });

    const results = await Promise.all(
      markets.map((marketId, index) =>
        runSimulator({
          db,
          announce: (update) => announceExchangeUpdate(pusher, db, update, { privateChannel, waitForTickers: false }),
          marketId,
          ...bots,
          rate: args.rate,
          count: args.count,
          durationMs: args.duration === undefined ? undefined : args.duration * 1000,
          signal: controller.signal,
          random: args.seed === undefined ? Math.random : createSeededRandom(args.seed + index),
          onTrade: tradeLog.onTrade,
        }),
      ),
    ).finally(tradeLog.stop);
    const total = results.reduce((sum, r) => ({
      recorded: sum.recorded + r.recorded,
      published: sum.published + r.published,
      rejected: sum.rejected + r.rejected,
      placed: sum.placed + r.placed,
      cancelled: sum.cancelled + r.cancelled,
    }));
    log(`Stopped: ${total.recorded} trades (${total.published} announced), ${total.placed} quotes placed, ${total.cancelled} cancelled, ${total.rejected} orders refused`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
