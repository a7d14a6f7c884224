// A spec calling the built app's server actions as a page's form does, without a page: the action id
// from the build's server-reference manifest, the form's fields encoded by React's own encodeReply (as
// useActionState sends [previousState, formData]), POST to the page with `Next-Action` and the member's
// session cookie, and the answer decoded by React's own Flight client. Cheap (no browser context), and
// the app does everything it does for a page: the session check, the command, the announcements.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { REPO_ROOT } from "../../../scripts/lib/stack.ts";

/** A server action as the manifest names it: its module (relative to the repo) and its export. */
export interface ActionName {
  filename: string;
  exportedName: string;
}

/** The order page's actions. */
export const PLACE_ORDER: ActionName = { filename: "app/markets/[marketId]/place-order-action.ts", exportedName: "placeOrderAction" };
export const CANCEL_ORDER: ActionName = { filename: "app/markets/[marketId]/cancel-order-action.ts", exportedName: "cancelOrderAction" };

type ReferenceManifest = { node?: Record<string, { filename?: string; exportedName?: string }> };

/** The id the current build gave `action`. */
export function actionIdOf(action: ActionName): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as ReferenceManifest;
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.filename === action.filename && entry.exportedName === action.exportedName) return id;
  }
  throw new Error(`the build has no server action ${action.exportedName} in ${action.filename}`);
}

interface FlightClient {
  encodeReply(value: unknown): Promise<string | FormData>;
  createFromFetch<T>(response: Promise<Response>, options: { serverConsumerManifest: unknown }): Promise<T>;
}

let flight: FlightClient | undefined;

/** React's Flight client as Next ships it (the encodeReply the page's bundle runs). */
function flightClient(): FlightClient {
  flight ??= createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.edge") as FlightClient;
  return flight;
}

/** An action's answer holds no client components: an empty consumer manifest decodes it. */
const NO_CLIENT_MODULES = { moduleMap: {}, serverModuleMap: null, moduleLoading: { prefix: "", crossOrigin: null } };

/**
 * Calls form action `action` of page `pagePath` on `appUrl` with `fields`, with `cookie` as the session
 * (anonymous when null); resolves with the state the action returned.
 */
export async function callFormAction<T>(appUrl: string, cookie: string | null, pagePath: string, action: ActionName, fields: Record<string, string>): Promise<T> {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  const body = await flightClient().encodeReply([{ status: "idle" }, formData]);
  const headers: Record<string, string> = { Accept: "text/x-component", "Next-Action": actionIdOf(action), Origin: appUrl, Referer: `${appUrl}${pagePath}` };
  if (typeof body === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(`${appUrl}${pagePath}`, { method: "POST", headers, body, redirect: "manual" });
  if (response.status !== 200) throw new Error(`${action.exportedName} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const payload = await flightClient().createFromFetch<{ a?: Promise<T> | T }>(Promise.resolve(response), { serverConsumerManifest: NO_CLIENT_MODULES });
  return await (payload.a as Promise<T>);
}

/** The cookies a response sets, as name=value pairs. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(";", 1)[0] ?? "").filter((pair) => pair.includes("="));
}

/** Signs `email` in through next-auth's credentials callback (as the sign-in form does) and returns the session's Cookie header. */
export async function signInForCookie(appUrl: string, email: string, password = "demo-password"): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const callback = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const session = cookiesOf(callback).filter((pair) => pair.includes("session-token"));
  if (session.length === 0) throw new Error(`signing ${email} in answered ${callback.status} without a session`);
  return [...jar, ...session].join("; ");
}
