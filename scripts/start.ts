// `npm start [-- --simulate[=rate]] [-- --tls]`: secrets, migrations (and the candle backfill), seeds, build if
// needed, the Channels server and the app (scripts/app-server.ts: Next in `start` mode behind our HTTP server).
import { runStack } from "./lib/run-stack.ts";

runStack("start", process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
