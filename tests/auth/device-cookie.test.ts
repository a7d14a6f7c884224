// The device cookie: valid only for the email it was issued for, within its lifetime, untampered, and
// holding no email in clear.
import { beforeAll, describe, expect, it } from "vitest";

process.env.NEXTAUTH_SECRET = "device-cookie-test-secret";
const { DEVICE_COOKIE_MAX_AGE, deviceCookieValue, isDeviceCookieFor } = await import("@/lib/auth/device-cookie");

const NOW = 1_800_000_000;
let value = "";
beforeAll(() => {
  value = deviceCookieValue("owner@x.test", NOW);
});

describe("device cookie", () => {
  it("is valid for its email only, and does not show it", () => {
    expect(isDeviceCookieFor(value, "owner@x.test", NOW)).toBe(true);
    expect(isDeviceCookieFor(value, "other@x.test", NOW)).toBe(false);
    expect(value).not.toContain("owner");
    expect(value).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]+$/);
  });

  it("expires after DEVICE_COOKIE_MAX_AGE and is not accepted from the future", () => {
    expect(isDeviceCookieFor(value, "owner@x.test", NOW + DEVICE_COOKIE_MAX_AGE)).toBe(true);
    expect(isDeviceCookieFor(value, "owner@x.test", NOW + DEVICE_COOKIE_MAX_AGE + 1)).toBe(false);
    expect(isDeviceCookieFor(deviceCookieValue("owner@x.test", NOW + 3600), "owner@x.test", NOW)).toBe(false);
  });

  it("refuses tampered, truncated and foreign values", () => {
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
});
