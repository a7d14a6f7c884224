// The one-command stack behind `npm start` and `npm run dev`: secrets, migrate, seed, build, Channels server, app.
import path from "node:path";
import { absoluteDatabaseUrl, DEFAULT_DATABASE_URL } from "../../lib/db-url.ts";
import { seedDatabase } from "../../lib/seed/seed-database.ts";
import { parseEnv } from "../../lib/schemas/env.ts";
import { ensureLocalSecrets, loadIntoProcessEnv } from "./local-secrets.ts";
import { applyMigrations } from "./migrations.ts";
import { spawnChild, type Child } from "./processes.ts";
import {
  appEnvironment,
  bindHost,
  browserUrl,
  buildIsStale,
  buildNext,
  channelsEnvironment,
  DEFAULT_BIND_HOST,
  httpUrl,
  localAddress,
  REPO_ROOT,
  startChannelsServer,
  startNextApp,
  tsxCommand,
  usesHostedPusher,
} from "./stack.ts";
import { APP_RESTART_POLICY } from "./restart-policy.ts";
import { createSupervisor } from "./supervisor.ts";
import { parseTlsFlag, resolveStackTls, tlsAppEnvironment, tlsChannelsEnvironment } from "./stack-tls.ts";

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
 * Runs the whole stack until Ctrl-C/SIGTERM (exit 0 once every child stopped; a second, separate Ctrl-C
 * kills them at once). The Channels server and the app are each restarted with backoff (0.5 s doubling
 * to 10 s) when they die, while the rest keeps running; only an app that crashes 5 times in a row right
 * after starting stops the stack (exit 1).
 * HOST picks the interface both servers listen on: 127.0.0.1 unless set (e.g. HOST=0.0.0.0 for the LAN).
 * `--tls`: the app over https and the Channels server over wss (scripts/lib/stack-tls.ts).
 */
export async function runStack(mode: "start" | "dev", argv: string[]): Promise<void> {
  const started = performance.now();
  const simulate = parseSimulateFlag(argv);
  const useTls = parseTlsFlag(argv);
  const supervisor = createSupervisor({ log });
  supervisor.install();

  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const secrets = ensureLocalSecrets(path.join(REPO_ROOT, ".env.local"));
  loadIntoProcessEnv(secrets.values);
  if (secrets.added.length > 0) log(`Generated local secrets in .env.local: ${secrets.added.join(", ")}`);

  const host = bindHost(process.env);
  const port = Number(process.env.PORT || 3000);
  const tls = useTls ? await resolveStackTls(process.env, host) : null;
  if (tls?.created) log(`Generated a self-signed TLS certificate for localhost: ${tls.certFile} (README: TLS, to trust it in a browser)`);
  else if (tls) log(`TLS certificate: ${tls.certFile}`);
  const scheme = tls ? "https" : "http";
  const appUrl = browserUrl(host, port, scheme);
  const hosted = usesHostedPusher(process.env);
  const channelsPort = hosted ? undefined : Number(process.env.CHANNELS_PORT || 6001);
  const env = appEnvironment(process.env, appUrl, channelsPort, host);
  if (tls) Object.assign(env, tlsAppEnvironment(env, tls));
  // The app's own checks, before anything starts: a bad setting fails here with a clear message
  // instead of in every route of a running server.
  parseEnv(env);

  // Children and Next resolve a relative DATABASE_URL against their cwd; pass the absolute form.
  const databaseUrl = absoluteDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  process.env.DATABASE_URL = databaseUrl;
  env.DATABASE_URL = databaseUrl;
  const applied = await step(`Migrated ${databaseUrl}`, () => applyMigrations(databaseUrl));
  if (applied.length > 0) log(`Applied migrations: ${applied.join(", ")}`);
  const seeded = await step("Seeded demo data", () => seedDatabase(databaseUrl));

  if (mode === "start") {
    if (process.env.START_SKIP_BUILD === "1") log("START_SKIP_BUILD=1: using the existing .next build");
    else if (buildIsStale()) {
      await step("Built the app", () => buildNext(process.env, { onSpawn: (child) => supervisor.track(child, "task") }));
    } else log("Build is up to date (.next/BUILD_ID is newer than app/, lib/, public/ and configs)");
  }
  if (supervisor.isShuttingDown()) return;

  if (channelsPort === undefined) {
    log("Hosted Pusher is configured (PUSHER_CLUSTER/PUSHER_URL without PUSHER_HOST): not starting the Channels server");
  } else {
    const channelsEnv = channelsEnvironment(process.env, httpUrl(localAddress(host), port, scheme));
    if (tls) Object.assign(channelsEnv, tlsChannelsEnvironment(channelsEnv, tls));
    // Not critical: trades are recorded while the realtime server is down (pages re-read the DB after
    // reconnecting), so the supervisor restarts it with backoff and the app keeps serving meanwhile.
    const startChannels = (onSpawn: (child: Child) => void) => startChannelsServer({ env: channelsEnv, host, port: channelsPort, onSpawn });
    await step(`Channels server on ${host}:${channelsPort}`, () => supervisor.supervise("channels", startChannels));
  }
  if (supervisor.isShuttingDown()) return;

  // Restarted like the Channels server, so a crash mid-trade heals itself; a crash loop (5 quick failures
  // in a row) stops the stack with the app's last output.
  const startApp = async (onSpawn: (child: Child) => void) => (await startNextApp({ mode, env, host, port, onSpawn, ...(tls ? { tls } : {}) })).child;
  await step(`App (next ${mode}) on ${host}:${port}`, () => supervisor.supervise("app", startApp, APP_RESTART_POLICY));
  if (supervisor.isShuttingDown()) return;

  if (simulate) {
    const { command, args } = tsxCommand("scripts/simulate.ts", simulate.rate ? [`--rate=${simulate.rate}`] : []);
    supervisor.track(spawnChild({ name: "simulate", command, args, cwd: REPO_ROOT, env }), "optional");
  }

  log(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s: open ${appUrl}`);
  if (host === DEFAULT_BIND_HOST) log(`Listening on ${host} only; set HOST=0.0.0.0 to open it to your network.`);
  if (seeded.signInHint) log(seeded.signInHint(appUrl));
  else if (seeded.demoUsers.length > 0) log(`Demo users: ${seeded.demoUsers.join(", ")}`);
  log("Press Ctrl-C to stop.");
}
