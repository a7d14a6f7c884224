// GET /console: the operator's debug console (everyone else: sign in, or the 404 page). The operator
// check runs here on every request, and again in each route and action the console calls.
import type { Metadata } from "next";
import { keepsAppLog } from "@/lib/console/app-log";
import { requireOperatorPage } from "@/lib/console/require-operator";
import { SITE_NAME } from "@/lib/market/format-market";
import { getPusherClientConfig } from "@/lib/pusher/client-config";
import { PusherProvider } from "@/lib/pusher/pusher-provider";
import { ConsoleView } from "./_components/console-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: `Debug console · ${SITE_NAME}`, robots: { index: false } };

/** The live log, the event creator and the channels panel over the page's one pusher-js client. */
export default async function ConsolePage() {
  await requireOperatorPage();
  return (
    <PusherProvider config={getPusherClientConfig()}>
      <ConsoleView hostedMode={keepsAppLog()} />
    </PusherProvider>
  );
}
