// TRUSTED_PROXIES parsing and the client address it yields from a socket address and X-Forwarded-For.
import { describe, expect, it } from "vitest";
import { describeTrustedProxies, isTrustedPeer, normalizeAddress, parseTrustedProxies, resolveClientAddress } from "@/lib/http/trusted-proxies";
import { parseEnv } from "@/lib/schemas/env";

describe("parseTrustedProxies", () => {
  it("unset, blank and 0 mean no proxy", () => {
    for (const value of [undefined, "", "  ", "0"]) expect(parseTrustedProxies(value)).toEqual({ kind: "none" });
  });

  it("a number is a hop count (1-10)", () => {
    expect(parseTrustedProxies("1")).toEqual({ kind: "hops", count: 1 });
    expect(parseTrustedProxies(" 2 ")).toEqual({ kind: "hops", count: 2 });
    expect(parseTrustedProxies("10")).toEqual({ kind: "hops", count: 10 });
    expect(() => parseTrustedProxies("11")).toThrow(/hop count must be 0-10/);
  });

  it("anything else is a list of addresses, CIDR ranges and the names loopback and private", () => {
    const trust = parseTrustedProxies("10.0.0.5, 192.168.0.0/16,2001:db8::/32 , loopback");
    expect(trust.kind).toBe("addresses");
    for (const address of ["10.0.0.5", "192.168.44.1", "2001:db8:ffff::1", "127.0.0.9", "::1", "::ffff:10.0.0.5"]) {
      expect(isTrustedPeer(trust, address), address).toBe(true);
    }
    for (const address of ["10.0.0.6", "192.169.0.1", "2001:db9::1", "8.8.8.8"]) expect(isTrustedPeer(trust, address), address).toBe(false);
    expect(isTrustedPeer(parseTrustedProxies("private"), "172.20.1.1")).toBe(true);
  });

  it("takes a single IPv6 address, skips blank entries, and trusts nothing that is not an address", () => {
    const trust = parseTrustedProxies("2001:db8::5, ,10.0.0.5,");
    expect(trust.kind === "addresses" && trust.entries).toEqual(["2001:db8::5", "10.0.0.5"]);
    expect(isTrustedPeer(trust, "2001:db8::5")).toBe(true);
    expect(isTrustedPeer(trust, "2001:db8::6")).toBe(false);
    expect(isTrustedPeer(trust, "not-an-address")).toBe(false);
  });

  it("names the bad entry", () => {
    expect(() => parseTrustedProxies("10.0.0.1, proxy.local")).toThrow(/"proxy.local" is not an IP address/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/bad prefix length/);
    expect(() => parseTrustedProxies("10.0.0.0/8/1")).toThrow(/not an IP address/);
    for (const entry of ["10.0.0.0/x8", "10.0.0.0/8x", "10.0.0.0/"]) expect(() => parseTrustedProxies(entry), entry).toThrow(`"${entry}" has a bad prefix length (0-32)`);
    expect(() => parseTrustedProxies("2001:db8::/129")).toThrow('"2001:db8::/129" has a bad prefix length (0-128)');
  });

  it("is checked with the rest of the environment, so `npm start` refuses a typo before starting", () => {
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.1,nope" })).toThrow(/TRUSTED_PROXIES: "nope" is not an IP address/);
    expect(parseEnv({ TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toBe("1");
  });
});

describe("resolveClientAddress", () => {
  const spoofed = "203.0.113.9, 198.51.100.7";

  it("without a trusted proxy: the socket address, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("127.0.0.1", spoofed, parseTrustedProxies(undefined))).toBe("127.0.0.1");
    expect(resolveClientAddress("::ffff:127.0.0.1", undefined, parseTrustedProxies(""))).toBe("127.0.0.1");
  });

  it("a hop count takes the entry that many hops from the socket; a short chain yields its first entry", () => {
    // client -> proxy A (appends 198.51.100.7) -> app; the client's own claim 203.0.113.9 is ignored.
    expect(resolveClientAddress("10.0.0.2", spoofed, parseTrustedProxies("1"))).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, 198.51.100.7, 10.0.0.1", parseTrustedProxies("2"))).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7", parseTrustedProxies("3"))).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", undefined, parseTrustedProxies("1"))).toBe("10.0.0.2");
  });

  it("an address list walks from the socket leftwards while the hop is trusted", () => {
    const trust = parseTrustedProxies("10.0.0.0/8");
    expect(resolveClientAddress("10.0.0.2", spoofed, trust)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, 198.51.100.7, 10.1.1.1", trust)).toBe("198.51.100.7");
    // The direct peer is not a proxy: its headers do not count.
    expect(resolveClientAddress("198.51.100.50", spoofed, trust)).toBe("198.51.100.50");
    // Everything trusted: the leftmost address.
    expect(resolveClientAddress("10.0.0.2", "10.9.9.9", trust)).toBe("10.9.9.9");
  });

  it("ports, brackets and IPv4-mapped forms are normalized; garbage stops at the last trusted hop", () => {
    const trust = parseTrustedProxies("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7:5555", trust)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "[2001:db8::7]:443", trust)).toBe("2001:db8::7");
    expect(resolveClientAddress("::ffff:10.0.0.2", "::FFFF:198.51.100.7", trust)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, not-an-ip", trust)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "unknown", parseTrustedProxies("1"))).toBe("10.0.0.2");
    // Spaces after commas, two-digit octets before a port, and a bracketed IPv6 address without a port.
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, 198.51.100.77:5555", trust)).toBe("198.51.100.77");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, [2001:db8::7]:443", trust)).toBe("2001:db8::7");
    expect(resolveClientAddress("10.0.0.2", "[2001:db8::7]", trust)).toBe("2001:db8::7");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, ::ffff:198.51.100.77", trust)).toBe("198.51.100.77");
  });

  it("never takes an entry with anything before or after its address", () => {
    const trust = parseTrustedProxies("10.0.0.2");
    for (const entry of ["x[2001:db8::7]:443", "[2001:db8::7]:443x", "198.51.100.7:80x", "x198.51.100.7:80", "::ffff:198.51.100.7x", "1::ffff:198.51.100.7x"]) {
      expect(resolveClientAddress("10.0.0.2", entry, trust), entry).toBe("10.0.0.2");
    }
  });

  it("normalizeAddress drops zone ids and the IPv4-mapped prefix", () => {
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("::FFFF:192.0.2.45")).toBe("192.0.2.45");
    expect(normalizeAddress(" 192.0.2.1 ")).toBe("192.0.2.1");
    // Only the whole address is IPv4-mapped: an address that merely contains ::ffff: stays IPv6.
    expect(normalizeAddress("1::ffff:192.0.2.1")).toBe("1::ffff:192.0.2.1");
  });
});

describe("describeTrustedProxies", () => {
  it("says in one line how the client address is decided", () => {
    expect(describeTrustedProxies(parseTrustedProxies(""))).toBe("socket address (no trusted proxy; forwarding headers ignored)");
    expect(describeTrustedProxies(parseTrustedProxies("1"))).toBe("X-Forwarded-For, 1 trusted hop");
    expect(describeTrustedProxies(parseTrustedProxies("2"))).toBe("X-Forwarded-For, 2 trusted hops");
    expect(describeTrustedProxies(parseTrustedProxies("10.0.0.1,loopback"))).toBe("X-Forwarded-For through trusted proxies 10.0.0.1, loopback");
  });
});
