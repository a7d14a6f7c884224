// `npm run channels`: our Channels server from env; one log line at start, clean exit on SIGINT/SIGTERM.
// Its app is PUSHER_APP_ID/PUSHER_KEY/PUSHER_SECRET, else the CHANNELS_APP_* that `npm start` generates.
// With CHANNELS_TLS_CERT/CHANNELS_TLS_KEY it serves wss and https; SIGHUP re-reads those files (a renewed
// certificate) for new connections, open ones stay as they are. With CHANNELS_REDIS_URL it is one node of a cluster.
import { loadChannelsConfig, startChannelsServer, type ChannelsConfig } from "../lib/channels/index";
import { redactUrl } from "../lib/channels/cluster/log-text";
import { embeddedChannelsCredentials } from "./lib/local-secrets.ts";

async function main(): Promise<void> {
  let config: ChannelsConfig;
  try {
    config = loadChannelsConfig({ ...process.env, ...embeddedChannelsCredentials(process.env) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  const server = await startChannelsServer(config);
  const appIds = config.apps.map((app) => app.id).join(", ");
  const cluster = config.cluster ? `, cluster member over ${redactUrl(config.cluster.redisUrl)} prefix ${config.cluster.prefix}` : "";
  console.log(`Channels server listening on ${server.url} (app ${appIds}${cluster})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Channels server failed to stop cleanly on ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (config.tls) {
    const tls = config.tls;
    process.on("SIGHUP", () => {
      try {
        server.reloadTls();
        console.log(`TLS certificate reloaded from ${tls.certFile}`);
      } catch (error) {
        console.error(`SIGHUP: kept the current TLS certificate: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
}

main().catch((error: unknown) => {
  console.error("Channels server failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
