// `npm start [-- --simulate[=rate]]`: secrets, migrations, seeds, build if needed, Channels server and `next start`.
import { runStack } from "./lib/run-stack.ts";

runStack("start", process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
