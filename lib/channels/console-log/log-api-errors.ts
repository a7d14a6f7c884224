// HTTP API requests answered with an error status become console log rows of the app they named.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppRuntime } from "../app-runtime";

const APP_PATH = /^\/apps\/([^/?]+)\/([^?]*)/;

/** Once the answer is sent, logs a 4xx/5xx to the named app's console log (unknown apps have no log). */
export function logApiErrors(req: IncomingMessage, res: ServerResponse, findApp: (id: string) => AppRuntime | undefined): void {
  res.once("finish", () => {
    if (res.statusCode < 400) return;
    const match = APP_PATH.exec(req.url ?? "");
    const runtime = match ? findApp(match[1] ?? "") : undefined;
    runtime?.consoleLog.apiError((req.method ?? "GET").toUpperCase(), `/${match?.[2] ?? ""}`, res.statusCode);
  });
}
