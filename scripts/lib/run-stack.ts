// The one-command stack behind `npm start` and `npm run dev`: secrets, migrate, seed, build, Channels server, app.
import { existsSync } from "node:fs";
import path from "node:path";
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../../lib/db-url.ts";
import { seedDatabase } from "../../lib/seed/seed-database.ts";
import { ensureLocalSecrets, loadIntoProcessEnv } from "./local-secrets.ts";
import { applyMigrations } from "./migrations.ts";
import { killRemaining, spawnChild, type Child } from "./processes.ts";
import {
  appEnvironment,
  buildIsStale,
  channelsEnvironment,
  buildNext,
  REPO_ROOT,
  startChannelsServer,
  startNextApp,
  tsxCommand,
  usesHostedPusher,
} from "./stack.ts";

const log = (message: string) => console.log(`[start] ${message}`);

/** `--simulate` (default rate) or `--simulate=<trades per second>`; undefined when absent. */
export function parseSimulateFlag(argv: string[]): { rate?: string } | undefined {
  const flag = argv.find((arg) => arg === "--simulate" || arg.startsWith("--simulate="));
  if (!flag) return undefined;
  const rate = flag.includes("=") ? flag.slice(flag.indexOf("=") + 1) : undefined;
  if (rate !== undefined && !(Number(rate) > 0)) throw new Error(`--simulate rate must be a positive number, got "${rate}"`);
  return { rate };
}

/** Times one step and logs how long it took. */
async function step<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label} (${Math.round(performance.now() - started)} ms)`);
  return result;
}

/**
 * Runs the whole stack until Ctrl-C/SIGTERM (exit 0 once both children stopped) or until the
 * Channels server or the app dies on its own (the other is stopped, exit 1).
 */
export async function runStack(mode: "start" | "dev", argv: string[]): Promise<void> {
  const started = performance.now();
  const simulate = parseSimulateFlag(argv);
  const children = new Set<Child>();
  let shuttingDown = false;

  const shutdown = async (exitCode: number, reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${reason}: stopping ${[...children].filter((child) => !child.hasExited()).map((child) => child.name).join(", ") || "nothing"}`);
    // The app first (it may still trigger events), then the market maker, then the Channels server.
    const order = ["app", "simulate", "build", "channels"];
    const sorted = [...children].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    for (const child of sorted) {
      if (child.hasExited()) continue;
      const info = await child.stop("SIGTERM");
      log(`${child.name} stopped (${info.signal ?? `code ${info.code}`})`);
    }
    process.exit(exitCode);
  };
  process.once("SIGINT", () => void shutdown(0, "Interrupted"));
  process.once("SIGTERM", () => void shutdown(0, "Terminated"));
  process.once("exit", () => killRemaining(children));
  const track = (child: Child, critical: boolean) => {
    children.add(child);
    void child.exited.then((info) => {
      if (shuttingDown) return;
      const how = info.signal ?? `code ${info.code}`;
      if (critical) void shutdown(1, `${child.name} exited (${how})`);
      else log(`${child.name} exited (${how}); the rest keeps running`);
    });
  };

  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const secrets = ensureLocalSecrets(path.join(REPO_ROOT, ".env.local"));
  loadIntoProcessEnv(secrets.values);
  if (secrets.added.length > 0) log(`Generated local secrets in .env.local: ${secrets.added.join(", ")}`);

  // Children and Next resolve a relative DATABASE_URL against their cwd; pass the absolute form.
  const databaseUrl = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  process.env.DATABASE_URL = databaseUrl;
  const applied = await step(`Migrated ${databaseUrl}`, () => applyMigrations(databaseUrl));
  if (applied.length > 0) log(`Applied migrations: ${applied.join(", ")}`);
  const seeded = await step("Seeded demo data", () => seedDatabase(databaseUrl));

  if (mode === "start") {
    if (process.env.START_SKIP_BUILD === "1") log("START_SKIP_BUILD=1: using the existing .next build");
    else if (buildIsStale()) {
      await step("Built the app", () => buildNext(process.env, { onSpawn: (child) => children.add(child) }));
    } else log("Build is up to date (.next/BUILD_ID is newer than app/, lib/, public/ and configs)");
  }

  const port = Number(process.env.PORT || 3000);
  const appUrl = `http://localhost:${port}`;
  let channelsPort: number | undefined;
  if (usesHostedPusher(process.env)) {
    log("Hosted Pusher is configured (PUSHER_CLUSTER/PUSHER_URL without PUSHER_HOST): not starting the Channels server");
  } else {
    channelsPort = Number(process.env.CHANNELS_PORT || 6001);
    const channelsEnv = channelsEnvironment(process.env, `http://127.0.0.1:${port}`);
    const onSpawn = (child: Child) => track(child, true);
    await step(`Channels server on port ${channelsPort}`, () => startChannelsServer({ env: channelsEnv, port: channelsPort!, onSpawn }));
  }
  if (shuttingDown) return;

  const env = appEnvironment(process.env, appUrl, channelsPort);
  await step(`App (next ${mode}) on port ${port}`, () => startNextApp({ mode, env, port, onSpawn: (child) => track(child, true) }));
  if (shuttingDown) return;

  if (simulate) {
    const script = path.join(REPO_ROOT, "scripts", "simulate.ts");
    if (!existsSync(script)) log("--simulate: scripts/simulate.ts is missing, no market maker started");
    else {
      const { command, args } = tsxCommand("scripts/simulate.ts", simulate.rate ? [`--rate=${simulate.rate}`] : []);
      const simulateEnv = { ...env, APP_URL: appUrl, ...(simulate.rate ? { SIMULATE_RATE: simulate.rate } : {}) };
      track(spawnChild({ name: "simulate", command, args, cwd: REPO_ROOT, env: simulateEnv }), false);
    }
  }

  log(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s: open ${appUrl}`);
  if (seeded.signInHint) log(seeded.signInHint(appUrl));
  else if (seeded.demoUsers.length > 0) log(`Demo users: ${seeded.demoUsers.join(", ")}`);
  log("Press Ctrl-C to stop.");
}
