// The device cookie: valid only for the email it was issued for, within its lifetime, untampered, and
// holding no email in clear.
import { describe, expect, it, vi } from "vitest";

process.env.NEXTAUTH_SECRET = "device-cookie-test-secret";
const { DEVICE_COOKIE_MAX_AGE, DEVICE_COOKIE_NAME, DEVICE_COOKIE_OPTIONS, deviceCookieValue, isDeviceCookieFor } = await import("@/lib/auth/device-cookie");

const NOW = 1_800_000_000;
/** The cookie issued for owner@x.test at NOW (made inside each test: a failure to make it must fail that test). */
const issuedCookie = () => deviceCookieValue("owner@x.test", NOW);

describe("device cookie", () => {
  it("is valid for its email only, and does not show it", () => {
    const value = issuedCookie();
    expect(isDeviceCookieFor(value, "owner@x.test", NOW)).toBe(true);
    expect(isDeviceCookieFor(value, "other@x.test", NOW)).toBe(false);
    expect(value).not.toContain("owner");
    expect(value).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]+$/);
  });

  it("expires after DEVICE_COOKIE_MAX_AGE and is not accepted from the future", () => {
    const value = issuedCookie();
    expect(isDeviceCookieFor(value, "owner@x.test", NOW + DEVICE_COOKIE_MAX_AGE)).toBe(true);
    expect(isDeviceCookieFor(value, "owner@x.test", NOW + DEVICE_COOKIE_MAX_AGE + 1)).toBe(false);
    expect(isDeviceCookieFor(deviceCookieValue("owner@x.test", NOW + 3600), "owner@x.test", NOW)).toBe(false);
  });

  it("refuses tampered, truncated and foreign values", () => {
    const value = issuedCookie();
    const [version, issued, mac = ""] = value.split(".");
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const bad of [
      `${version}.${issued}.${flipped}`,
      `${version}.${Number(issued) + 1}.${mac}`,
      `v2.${issued}.${mac}`,
      `${version}.${issued}`,
      `${value}.x`,
      "",
      undefined,
      "v1.abc.def",
    ]) {
      expect(isDeviceCookieFor(bad, "owner@x.test", NOW), String(bad)).toBe(false);
    }
  });

  it("is accepted from a clock up to 60 s behind the issuer's, not more", () => {
    expect(isDeviceCookieFor(deviceCookieValue("owner@x.test", NOW + 60), "owner@x.test", NOW)).toBe(true);
    expect(isDeviceCookieFor(deviceCookieValue("owner@x.test", NOW + 61), "owner@x.test", NOW)).toBe(false);
  });

  it("refuses an issue time of more than 12 digits and a MAC of the wrong length, without throwing", () => {
    const value = issuedCookie();
    const [, , mac = ""] = value.split(".");
    expect(isDeviceCookieFor(`v1.00${NOW}.${mac}`, "owner@x.test", NOW)).toBe(true); // 12 digits, the same time
    expect(isDeviceCookieFor(`v1.000${NOW}.${mac}`, "owner@x.test", NOW)).toBe(false);
    expect(isDeviceCookieFor(`v1.${NOW}.${mac.slice(0, -2)}`, "owner@x.test", NOW)).toBe(false);
    expect(isDeviceCookieFor(`v1.${NOW}.${mac}AA`, "owner@x.test", NOW)).toBe(false);
  });

  it("is the same value for the same secret, email and time: cookies stay valid across restarts and deploys", () => {
    const value = issuedCookie();
    // HMAC-SHA256 over "v1|<issued>|<email>" with a key derived by HKDF-SHA256 from the secret (info "peatio device cookie").
    expect(value).toBe("v1.1800000000.3ew5m1ZM_Nu4FMaX9ULeShuJzVIefrl3BpsoSvztMus");
  });

  it("is an HttpOnly, SameSite=Lax cookie for the whole site, kept 180 days, not Secure over plain http", () => {
    expect(DEVICE_COOKIE_MAX_AGE).toBe(180 * 24 * 60 * 60);
    expect(DEVICE_COOKIE_NAME).toBe("peatio.device");
    expect(DEVICE_COOKIE_OPTIONS).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: DEVICE_COOKIE_MAX_AGE });
  });

  it("is made and checked at the current time by default", () => {
    expect(isDeviceCookieFor(deviceCookieValue("owner@x.test"), "owner@x.test")).toBe(true);
  });

  it("over https is a __Secure- cookie with the Secure flag", async () => {
    vi.resetModules();
    process.env.NEXTAUTH_URL = "https://exchange.example";
    try {
      const secure = await import("@/lib/auth/device-cookie");
      expect(secure.DEVICE_COOKIE_NAME).toBe("__Secure-peatio.device");
      expect(secure.DEVICE_COOKIE_OPTIONS.secure).toBe(true);
    } finally {
      delete process.env.NEXTAUTH_URL;
    }
  });
});
