// Calling the built app's server actions the way the browser does, from a Node process: the action id
// from the build's server-reference manifest, the arguments encoded by React's own encodeReply (a
// form's fields become a multipart body, as React sends a form action with useActionState's previous
// state), POST to the page the form is on with `Next-Action`, `Accept: text/x-component`, the page's
// Origin and the member's session cookie, and the answer decoded by React's own Flight client.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A server action as the manifest names it: the module it is exported from (relative to the repo) and its export. */
export interface ActionName {
  filename: string;
  exportedName: string;
}

/** The node runtime's actions in .next/server/server-reference-manifest.json. */
type ReferenceManifest = { node?: Record<string, { filename?: string; exportedName?: string; workers?: Record<string, unknown> }> };

/** The id the build gave `action` (and the pages whose bundles hold it), or null when the build has no such action. */
export function findActionId(root: string, action: ActionName): { id: string; pages: string[] } | null {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as ReferenceManifest;
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.filename === action.filename && entry.exportedName === action.exportedName) return { id, pages: Object.keys(entry.workers ?? {}) };
  }
  return null;
}

interface FlightClient {
  encodeReply(value: unknown): Promise<string | FormData>;
  createFromFetch<T>(response: Promise<Response>, options: { serverConsumerManifest: unknown }): Promise<T>;
}

let flight: FlightClient | undefined;

/** React's Flight client as Next ships it (the same encodeReply the page's bundle runs), loaded once. */
function flightClient(): FlightClient {
  const require = createRequire(import.meta.url);
  flight ??= require("next/dist/compiled/react-server-dom-webpack/client.edge") as FlightClient;
  return flight;
}

/** The action's answer has no client components: an empty consumer manifest decodes it. */
const NO_CLIENT_MODULES = { moduleMap: {}, serverModuleMap: null, moduleLoading: { prefix: "", crossOrigin: null } };

/** One action call's outcome: the HTTP status, the decoded return value (undefined when not 200), timings. */
export interface ActionAnswer<T> {
  status: number;
  value: T | undefined;
  /** Response text when the status was not 200 (first 300 characters). */
  error?: string;
  setCookies: string[];
}

/** A browser-like client of one signed-in (or not yet signed-in) member: its cookies and its origin. */
export class ActionClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly appUrl: string) {}

  /** Whether the client holds a cookie of that name. */
  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /**
   * Calls action `actionId` from page `pagePath` with `args` (a form action under useActionState gets
   * `[previousState, formData]`), as the browser's fetch does; resolves with the decoded answer. With
   * `decode: false` the body is read but not decoded (an action that sets a cookie, such as signing in,
   * answers with a page render whose client components this process cannot load).
   */
  async call<T>(pagePath: string, actionId: string, args: unknown[], { decode = true }: { decode?: boolean } = {}): Promise<ActionAnswer<T>> {
    const body = await flightClient().encodeReply(args);
    const headers: Record<string, string> = {
      Accept: "text/x-component",
      "Next-Action": actionId,
      Origin: this.appUrl,
      Referer: `${this.appUrl}${pagePath}`,
    };
    // A string body goes as text/plain (the browser's default for a string); FormData sets its own multipart type.
    if (typeof body === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${this.appUrl}${pagePath}`, { method: "POST", headers, body, redirect: "manual" });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.keepCookie(line);
    if (response.status !== 200 || !(response.headers.get("content-type") ?? "").startsWith("text/x-component")) {
      const text = await response.text();
      return { status: response.status, value: undefined, error: text.slice(0, 300), setCookies };
    }
    if (!decode) {
      await response.arrayBuffer();
      return { status: response.status, value: undefined, setCookies };
    }
    const payload = await flightClient().createFromFetch<{ a?: Promise<T> | T }>(Promise.resolve(response), { serverConsumerManifest: NO_CLIENT_MODULES });
    return { status: response.status, value: await payload.a, setCookies };
  }

  private keepCookie(line: string): void {
    const pair = line.split(";", 1)[0] ?? "";
    const at = pair.indexOf("=");
    if (at <= 0) return;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = /;\s*max-age=0\b/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line);
    if (value === "" || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** A FormData of string fields, in the order given (the order the form's inputs come in). */
export function formDataOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
