// GET /market-config.js - what /market.html (a static file) cannot know: the Channels service's key and
// host for pusher-js, written by the app at run time as `window.MARKET_PUSHER = {...}`.
import "server-only";
import { getPusherClientConfig } from "@/lib/pusher/client-config";

export const dynamic = "force-dynamic";

/** 200 JavaScript; 503 (and a script that says so) when realtime is not configured. */
export function GET(): Response {
  const config = getPusherClientConfig();
  const headers = { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" };
  if (config === null) return new Response('console.error("Realtime is not configured: no Pusher key.");\n', { status: 503, headers });
  const { key, cluster, hosted, wsHost, wsPort, forceTLS } = config;
  // JSON of strings, numbers and booleans only: a valid JavaScript literal with nothing to escape out of.
  return new Response(`window.MARKET_PUSHER = ${JSON.stringify({ key, cluster, hosted, wsHost, wsPort, forceTLS })};\n`, { headers });
}
