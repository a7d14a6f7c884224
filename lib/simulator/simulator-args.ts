// Command line of `npm run simulate`: --rate, --market, --count, --duration, --seed, --log-every, --verbose
// (also as --name=value).
import { parseArgs } from "node:util";
import { z } from "zod";

const positiveNumber = z.coerce.number().positive().finite();

const argsSchema = z.object({
  rate: positiveNumber.max(1000).default(1),
  market: z.string().regex(/^(all|[a-z0-9]{2,20})$/, "a market id such as btcusd, or all").default("all"),
  count: z.coerce.number().int().positive().optional(),
  duration: positiveNumber.optional(),
  seed: z.coerce.number().int().optional(),
  /** Seconds between summary lines. */
  logEvery: positiveNumber.default(10),
  /** One log line per trade instead of summaries. */
  verbose: z.boolean().default(false),
});

/** Parsed options: rate in trades per second per market, duration in seconds. */
export type SimulatorArgs = z.infer<typeof argsSchema>;

/** Parses argv (without node and script); env SIMULATE_RATE is the default rate. Throws with a usage line. */
export function parseSimulatorArgs(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): SimulatorArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: "string" },
      market: { type: "string" },
      count: { type: "string" },
      duration: { type: "string" },
      seed: { type: "string" },
      "log-every": { type: "string" },
      verbose: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  const { "log-every": logEvery, ...rest } = values;
  const parsed = argsSchema.safeParse({ ...rest, logEvery, rate: values.rate ?? (env.SIMULATE_RATE || undefined) });
  if (!parsed.success) {
    const flag = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const problems = parsed.error.issues.map((issue) => `--${flag(issue.path.join("."))}: ${issue.message}`).join("; ");
    throw new Error(`${problems}\n${SIMULATOR_USAGE}`);
  }
  return parsed.data;
}

/** One-line usage of the script. */
export const SIMULATOR_USAGE =
  "usage: npm run simulate -- [--rate <trades/s per market>] [--market <id>|all] [--count <trades per market>] [--duration <seconds>] [--seed <int>] [--log-every <seconds>] [--verbose]";
