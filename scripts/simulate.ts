// `npm run simulate -- --rate 2 --market btcusd`: the demo market maker. Records plausible trades
// (a random walk around the last price) through recordTrade and publishTrade, the trade form's own
// code path, until Ctrl-C / SIGTERM, --count trades or --duration seconds. Logs a summary line every
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

  const [{ db }, { pusher }, { publishTrade }, { runSimulator }, { createSeededRandom }, { startTradeLog }] = await Promise.all([
    import("../lib/db.ts"),
    import("../lib/pusher/server.ts"),
    import("../lib/trades/publish-trade.ts"),
    import("../lib/simulator/run-simulator.ts"),
    import("../lib/simulator/random-walk.ts"),
    import("../lib/simulator/trade-log.ts"),
  ]);

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
    const limits = [args.count ? `${args.count} trades each` : null, args.duration ? `${args.duration} s` : null].filter(Boolean);
    log(`${args.rate} trade(s)/s on ${markets.join(", ")}${limits.length ? ` (up to ${limits.join(", ")})` : " until Ctrl-C"}`);
    const tradeLog = startTradeLog({ verbose: args.verbose, everyMs: args.logEvery * 1000, log });

    const results = await Promise.all(
      markets.map((marketId, index) =>
        runSimulator({
          db,
          publish: (trade) => publishTrade(pusher, trade),
          marketId,
          rate: args.rate,
          count: args.count,
          durationMs: args.duration === undefined ? undefined : args.duration * 1000,
          signal: controller.signal,
          random: args.seed === undefined ? Math.random : createSeededRandom(args.seed + index),
          onTrade: tradeLog.onTrade,
        }),
      ),
    ).finally(tradeLog.stop);
    const total = results.reduce((sum, r) => ({ recorded: sum.recorded + r.recorded, published: sum.published + r.published, rejected: sum.rejected + r.rejected }));
    log(`Stopped: ${total.recorded} recorded, ${total.published} announced, ${total.rejected} refused`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
