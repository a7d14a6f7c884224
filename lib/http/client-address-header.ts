// The one place a request's client address is decided: the app server entry (scripts/app-server.ts)
// rewrites the forwarding headers of every request before Next sees it, and route handlers and server
// actions read the result from X-Forwarded-For (Next exposes no socket address to them).
//
// Next itself only sets X-Forwarded-For when the request has none, so without this step a client could
// name any address it likes there. The entry marks the process; without the mark (the app started by
// plain `next start`) nothing in the headers is trusted.
import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";
import { isTrustedPeer, resolveClientAddress, type TrustedProxies } from "@/lib/http/trusted-proxies";

/** Headers through which a client could claim another address; removed unless a trusted proxy sent them. */
const CLIENT_ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded"] as const;
/** Headers only a trusted proxy may set (Next reads them for redirects and the server-action origin check). */
const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

/** What clientAddressFromHeaders answers when no trustworthy address is known. */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

// On globalThis: the entry and Next's server bundles run in one process but are separate module graphs.
const globalForEntry = globalThis as typeof globalThis & { __peatioClientAddressHeader?: boolean };

/** Called once by the app server entry: from now on X-Forwarded-For holds the address it computed. */
export function markClientAddressHeader(): void {
  globalForEntry.__peatioClientAddressHeader = true;
}

/**
 * Replaces `headers`' forwarding headers with the client address (one X-Forwarded-For entry) the socket
 * and TRUSTED_PROXIES say; returns that address. X-Real-IP and Forwarded are always removed, and
 * X-Forwarded-Host/-Proto/-Port unless the socket is a trusted proxy.
 */
export function applyClientAddress(headers: IncomingHttpHeaders, socketAddress: string | undefined, trust: TrustedProxies): string {
  const forwardedFor = headers["x-forwarded-for"];
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const socket = socketAddress ?? UNKNOWN_CLIENT_ADDRESS;
  const client = socketAddress === undefined ? UNKNOWN_CLIENT_ADDRESS : resolveClientAddress(socket, forwarded, trust);
  for (const name of CLIENT_ADDRESS_HEADERS) delete headers[name];
  if (socketAddress === undefined || !isTrustedPeer(trust, socket)) {
    for (const name of PROXY_ONLY_HEADERS) delete headers[name];
  }
  headers["x-forwarded-for"] = client;
  return client;
}

let warnedUnmarked = false;

/**
 * The client address the app server entry wrote, from a request's headers; UNKNOWN_CLIENT_ADDRESS when
 * the process was not started through the entry (then X-Forwarded-For may be the client's own words).
 */
export function clientAddressFromHeaders(headers: { get(name: string): string | null }): string {
  if (globalForEntry.__peatioClientAddressHeader !== true) {
    if (!warnedUnmarked) {
      warnedUnmarked = true;
      console.warn("[client-address] the app was not started through scripts/app-server.ts: client addresses are unknown, so per-address limits apply to all clients together");
    }
    return UNKNOWN_CLIENT_ADDRESS;
  }
  const value = headers.get("x-forwarded-for")?.trim() ?? "";
  return isIP(value) === 0 ? UNKNOWN_CLIENT_ADDRESS : value;
}
