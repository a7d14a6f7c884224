// A private copy of the whole stack for e2e tests: temp SQLite DB (migrated + seeded), fresh secrets,
// our Channels server and `next start`, each on a free loopback port. Same spawning code as `npm start`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Pusher from "pusher";
import { generateSecrets } from "../../../scripts/lib/local-secrets.ts";
import { freePort, runToCompletion, type Child } from "../../../scripts/lib/processes.ts";
import { appEnvironment, channelsEnvironment, REPO_ROOT, startChannelsServer, startNextApp, tsxCommand } from "../../../scripts/lib/stack.ts";

/** What a spec gets from the `stack` fixture. */
export interface TestStack {
  /** Base URL of the app, e.g. http://127.0.0.1:41234 (no trailing slash). */
  appUrl: string;
  /** Port of our Channels server on 127.0.0.1 (the same across stopChannels/startChannels). */
  channelsPort: number;
  /** file:<absolute path> of this stack's SQLite database. */
  databaseUrl: string;
  /** The environment the app runs with (secrets, DATABASE_URL, PUSHER_HOST/PORT, NEXTAUTH_URL). */
  env: Record<string, string>;
  /** Stops the Channels server (SIGTERM; it closes sockets with 4200 so clients reconnect later). */
  stopChannels(): Promise<void>;
  /** Starts the Channels server again on the same port; resolves once it listens. */
  startChannels(): Promise<void>;
  /** Starts the Channels server if a test left it stopped. */
  ensureChannelsRunning(): Promise<void>;
  /** Triggers an event through the official `pusher` SDK against this stack's Channels server. */
  triggerFromServer(channel: string, event: string, data: unknown): Promise<void>;
  /** The last output lines of the app and the Channels server, for debugging a failure. */
  recentOutput(): { app: string[]; channels: string[] };
  /** Stops everything and deletes the temp directory. */
  stop(): Promise<void>;
}

/** Echo children's output with [app]/[channels] prefixes when E2E_ECHO=1 (quiet by default). */
const echo = process.env.E2E_ECHO === "1";

function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // Always our Channels server and our own URL, whatever the developer's shell or .env.local says. Next
  // fills only variables that are undefined from .env.local, so blanking (not deleting) keeps them out;
  // the app and the Channels server read a blank value as unset.
  for (const key of ["PUSHER_CLUSTER", "PUSHER_URL", "PUSHER_USE_TLS", "PUSHER_PUBLIC_HOST", "CHANNELS_WEBHOOK_URL"]) env[key] = "";
  // Plain ws/http unless a spec asks for TLS (tls.spec.ts): no certificate or CA from the shell.
  for (const key of ["CHANNELS_TLS_CERT", "CHANNELS_TLS_KEY", "CHANNELS_TLS_CA", "CHANNELS_TLS_PASSPHRASE", "PUSHER_CA_FILE"]) env[key] = "";
  for (const key of ["PUSHER_HOST", "PUSHER_PORT", "PUSHER_PUBLIC_PORT", "NEXTAUTH_URL", "PORT", "CHANNELS_PORT", "NODE_ENV", "HOST"]) delete env[key];
  // The specs read the app's per-event log lines (e.g. each webhook event), which only debug prints.
  env.LOG_LEVEL = "debug";
  // No proxy in front of the test stack: the socket address is the client (a spec that needs a proxy
  // starts its own app with TRUSTED_PROXIES). Blank, so .env.local cannot fill it in either.
  env.TRUSTED_PROXIES = "";
  // The stack's own generated credentials (CHANNELS_APP_*) are the only ones: appEnvironment and
  // channelsEnvironment turn them into PUSHER_* for the app and the Channels server.
  for (const key of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"]) delete env[key];
  return env;
}

/** Starts a fresh stack; call `stop()` when done. */
export async function startTestStack(): Promise<TestStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  const base = { ...cleanEnvironment(), ...generateSecrets(), DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };
  let channels: Child | undefined;
  let app: Child | undefined;

  const stop = async () => {
    await app?.stop("SIGTERM");
    await channels?.stop("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (const script of ["scripts/migrate.ts", "scripts/seed.ts"]) {
      const { command, args } = tsxCommand(script);
      await runToCompletion({ name: path.basename(script, ".ts"), command, args, cwd: REPO_ROOT, env: base, echo });
    }
    const channelsPort = await freePort();
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const env = appEnvironment(base, appUrl, channelsPort) as Record<string, string>;
    const channelsEnv = channelsEnvironment(base, appUrl);

    const startChannels = async () => {
      channels = await startChannelsServer({ env: channelsEnv, port: channelsPort, echo });
    };
    await startChannels();
    app = (await startNextApp({ mode: "start", env, port: appPort, host: "127.0.0.1", echo })).child;

    const pusher = new Pusher({
      appId: env.PUSHER_APP_ID!,
      key: env.PUSHER_KEY!,
      secret: env.PUSHER_SECRET!,
      host: "127.0.0.1",
      port: String(channelsPort),
      useTLS: false,
    });

    return {
      appUrl,
      channelsPort,
      databaseUrl,
      env,
      stopChannels: async () => {
        await channels?.stop("SIGTERM");
      },
      startChannels,
      ensureChannelsRunning: async () => {
        if (!channels || channels.hasExited()) await startChannels();
      },
      triggerFromServer: async (channel, event, data) => {
        const response = await pusher.trigger(channel, event, data);
        if (response.status !== 200) throw new Error(`trigger answered ${response.status}: ${await response.text()}`);
      },
      recentOutput: () => ({ app: app?.recentOutput() ?? [], channels: channels?.recentOutput() ?? [] }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
