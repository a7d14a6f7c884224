// `npm run dev [-- --simulate[=rate]] [-- --tls]`: like `npm start` with Next in `dev` mode (hot reload) and no production build.
import { runStack } from "./lib/run-stack.ts";

runStack("dev", process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
