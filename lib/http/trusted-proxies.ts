// Which hops in front of the app are trusted to say who the client is (TRUSTED_PROXIES), and the client
// address that follows from a request's socket address and its X-Forwarded-For chain. Pure: used by
// the app server entry (scripts/app-server.ts) and by the environment check.
//
// TRUSTED_PROXIES is either
//   - unset, empty or 0: no proxy; the socket address is the client and forwarding headers are ignored;
//   - a hop count N (1-10): exactly N proxies sit in front of the app, whatever their addresses; the
//     client is the address the outermost of them appended, the Nth X-Forwarded-For entry from the right;
//   - a comma list of addresses and CIDR ranges (IPv4/IPv6; `loopback` and `private` name the usual
//     ranges): walking from the socket leftwards through X-Forwarded-For, every address in the list is a
//     proxy; the first one that is not is the client.
// Only X-Forwarded-For is read (what nginx, HAProxy, Caddy, Traefik and cloud balancers append);
// X-Real-IP and Forwarded are never trusted.
import { BlockList, isIP } from "node:net";

/** The parsed TRUSTED_PROXIES setting. */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; count: number }
  | { kind: "addresses"; list: BlockList; entries: string[] };

/** The most proxy hops a count may name (a longer chain is a misconfiguration, not a deployment). */
export const MAX_TRUSTED_HOPS = 10;

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

const NO_PROXY: TrustedProxies = { kind: "none" };

/** Parses TRUSTED_PROXIES; throws an Error naming the bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? "";
  if (text === "" || text === "0") return NO_PROXY;
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > MAX_TRUSTED_HOPS) throw new Error(`a hop count must be 0-${MAX_TRUSTED_HOPS}, got ${count}`);
    return { kind: "hops", count };
  }
  const list = new BlockList();
  const entries = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) addEntry(list, entry);
  return { kind: "addresses", list, entries };
}

function addEntry(list: BlockList, entry: string): void {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named) {
    for (const range of named) addEntry(list, range);
    return;
  }
  const [address = "", prefixText, ...rest] = entry.split("/");
  const family = isIP(address);
  const maxPrefix = family === 4 ? 32 : 128;
  if (family === 0 || rest.length > 0) throw new Error(`"${entry}" is not an IP address, a CIDR range, "loopback" or "private"`);
  if (prefixText === undefined) {
    list.addAddress(address, family === 4 ? "ipv4" : "ipv6");
    return;
  }
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > maxPrefix) throw new Error(`"${entry}" has a bad prefix length (0-${maxPrefix})`);
  list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
}

/** A textual address in canonical form for comparisons and keys: IPv4-mapped IPv6 becomes IPv4, zone ids go. */
export function normalizeAddress(address: string): string {
  const plain = address.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  return (mapped?.[1] ?? plain).toLowerCase();
}

/** An X-Forwarded-For entry as an address ("[::1]:443" and "1.2.3.4:80" lose their port), or null if it is none. */
function parseForwardedEntry(entry: string): string | null {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const address = normalizeAddress(text);
  return isIP(address) === 0 ? null : address;
}

function isTrustedAddress(trust: TrustedProxies, address: string): boolean {
  if (trust.kind !== "addresses") return false;
  const family = isIP(address);
  return family !== 0 && trust.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** True when the direct peer is a proxy whose forwarding headers (X-Forwarded-For, -Host, -Proto) count. */
export function isTrustedPeer(trust: TrustedProxies, socketAddress: string): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return true;
  return isTrustedAddress(trust, normalizeAddress(socketAddress));
}

/**
 * The client's address: the socket's without a trusted proxy; otherwise the X-Forwarded-For entry the
 * trust setting points at (see the header comment). A malformed entry where an address is expected
 * stops the walk at the last trusted hop, so garbage never becomes a throttling key of its own.
 */
export function resolveClientAddress(socketAddress: string, forwardedFor: string | undefined, trust: TrustedProxies): string {
  const socket = normalizeAddress(socketAddress);
  if (!isTrustedPeer(trust, socket) || !forwardedFor) return socket;
  const entries = forwardedFor.split(",");
  if (trust.kind === "hops") {
    const chain = [...entries.map(parseForwardedEntry), socket];
    return chain[Math.max(0, chain.length - 1 - trust.count)] ?? socket;
  }
  let client = socket;
  for (let i = entries.length - 1; i >= 0 && isTrustedAddress(trust, client); i -= 1) {
    const next = parseForwardedEntry(entries[i] ?? "");
    if (next === null) break;
    client = next;
  }
  return client;
}

/** One line for logs: how the client address is decided. */
export function describeTrustedProxies(trust: TrustedProxies): string {
  if (trust.kind === "none") return "socket address (no trusted proxy; forwarding headers ignored)";
  if (trust.kind === "hops") return `X-Forwarded-For, ${trust.count} trusted hop${trust.count === 1 ? "" : "s"}`;
  return `X-Forwarded-For through trusted proxies ${trust.entries.join(", ")}`;
}
