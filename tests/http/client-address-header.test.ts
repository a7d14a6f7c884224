// The app server entry's header step over real HTTP: clients at different loopback addresses
// (127.0.0.2, 127.0.0.3, ...) send spoofed forwarding headers to a node:http server that applies
// applyClientAddress exactly as scripts/app-server.ts does before Next; the handler then reads the
// address the way route handlers and server actions do (clientAddressFromHeaders over Web Headers).
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { applyClientAddress, clientAddressFromHeaders, markClientAddressHeader, UNKNOWN_CLIENT_ADDRESS } from "@/lib/http/client-address-header";
import { parseTrustedProxies } from "@/lib/http/trusted-proxies";

type Seen = { client: string; read: string; headers: IncomingHttpHeaders };

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that rewrites like the entry and answers what it decided and what a handler reads. */
async function startServer(trustedProxies: string | undefined): Promise<number> {
  const trust = parseTrustedProxies(trustedProxies);
  markClientAddressHeader();
  server = createServer((req, res) => {
    const client = applyClientAddress(req.headers, req.socket.remoteAddress, trust);
    const webHeaders = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
    const seen: Seen = { client, read: clientAddressFromHeaders(webHeaders), headers: req.headers };
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server?.address() as AddressInfo).port;
}

/** GET / from `localAddress` with `headers`. */
function getFrom(port: number, localAddress: string, headers: Record<string, string | string[]>): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, path: "/", localAddress, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Seen));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

const SPOOF = {
  "x-forwarded-for": ["203.0.113.9", "198.51.100.7"],
  "x-real-ip": "192.0.2.1",
  forwarded: "for=198.18.0.1",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
};

describe("applyClientAddress (no TRUSTED_PROXIES)", () => {
  it("uses the socket address and drops every forwarding header the client sent", async () => {
    const port = await startServer(undefined);
    for (const localAddress of ["127.0.0.2", "127.0.0.3"]) {
      const seen = await getFrom(port, localAddress, SPOOF);
      expect(seen.client).toBe(localAddress);
      expect(seen.read).toBe(localAddress);
      expect(seen.headers["x-forwarded-for"]).toBe(localAddress);
      for (const name of ["x-real-ip", "forwarded", "x-forwarded-host", "x-forwarded-proto"]) expect(seen.headers[name], name).toBeUndefined();
    }
  });
});

describe("applyClientAddress (TRUSTED_PROXIES=127.0.0.2)", () => {
  it("from the proxy: the address it appended, and its X-Forwarded-Host/-Proto kept", async () => {
    const port = await startServer("127.0.0.2");
    const seen = await getFrom(port, "127.0.0.2", SPOOF);
    expect(seen.client).toBe("198.51.100.7");
    expect(seen.read).toBe("198.51.100.7");
    expect(seen.headers["x-forwarded-for"]).toBe("198.51.100.7");
    expect(seen.headers["x-forwarded-host"]).toBe("evil.example");
    expect(seen.headers["x-real-ip"]).toBeUndefined();
  });

  it("from anyone else: the socket address, headers dropped", async () => {
    const port = await startServer("127.0.0.2");
    const seen = await getFrom(port, "127.0.0.4", SPOOF);
    expect(seen.client).toBe("127.0.0.4");
    expect(seen.headers["x-forwarded-host"]).toBeUndefined();
  });
});

describe("clientAddressFromHeaders", () => {
  it("answers only an address (anything else written there is unknown)", () => {
    markClientAddressHeader();
    expect(clientAddressFromHeaders(new Headers({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientAddressFromHeaders(new Headers({ "x-forwarded-for": "1.2.3.4, 5.6.7.8" }))).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(clientAddressFromHeaders(new Headers({}))).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(clientAddressFromHeaders(new Headers({ "x-forwarded-for": " 198.51.100.7 " }))).toBe("198.51.100.7");
  });
});

describe("applyClientAddress on a request's headers", () => {
  it("reads a repeated X-Forwarded-For as one list, in order", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": ["203.0.113.9", "198.51.100.7"] };
    expect(applyClientAddress(headers, "10.0.0.2", parseTrustedProxies("1"))).toBe("198.51.100.7");
    expect(headers["x-forwarded-for"]).toBe("198.51.100.7");
  });

  it("without a socket address (a destroyed socket) trusts nothing the request says, even behind trusted hops", () => {
    const headers: IncomingHttpHeaders = { ...SPOOF };
    expect(applyClientAddress(headers, undefined, parseTrustedProxies("1"))).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(headers).toEqual({ "x-forwarded-for": UNKNOWN_CLIENT_ADDRESS });
  });
});
