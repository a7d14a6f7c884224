// The device cookie (OWASP's "device cookies" against lockout): after a successful sign-in or sign-up
// the browser gets a cookie that proves "this client signed in to <email> before". Clients carrying it
// for the email they try are exempt from the email's global failure limit (lib/auth/auth-throttle.ts),
// so an attacker spreading guesses over many addresses cannot lock the owner out of their own devices.
// The cookie holds no email, only an HMAC over it (and its issue time) keyed from NEXTAUTH_SECRET.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { authSecret } from "@/lib/auth/auth-secret";
import { useSecureCookies } from "@/lib/auth/secure-cookies";

/** The cookie's name (with the __Secure- prefix when the app is served over https). */
export const DEVICE_COOKIE_NAME = `${useSecureCookies ? "__Secure-" : ""}peatio.device`;
/** How long a device stays known without signing in again (seconds): 180 days. */
export const DEVICE_COOKIE_MAX_AGE = 180 * 24 * 60 * 60;

/** The cookie's flags: never readable by scripts, sent on top-level navigations, Secure under https. */
export const DEVICE_COOKIE_OPTIONS = { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies, maxAge: DEVICE_COOKIE_MAX_AGE } as const;

const VERSION = "v1";

function deviceKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "", "peatio device cookie", 32));
}

function mac(issuedAt: number, email: string): Buffer {
  return createHmac("sha256", deviceKey()).update(`${VERSION}|${issuedAt}|${email}`).digest();
}

/** The cookie value for `email` (already normalized), issued at `nowSeconds`. */
export function deviceCookieValue(email: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return `${VERSION}.${nowSeconds}.${mac(nowSeconds, email).toString("base64url")}`;
}

/** True when `value` is a device cookie this app issued for `email`, within its lifetime. */
export function isDeviceCookieFor(value: string | undefined, email: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const [version, issuedText, macText, ...rest] = value?.split(".") ?? [];
  if (version !== VERSION || issuedText === undefined || macText === undefined || rest.length > 0 || !/^\d{1,12}$/.test(issuedText)) return false;
  const issuedAt = Number(issuedText);
  if (issuedAt > nowSeconds + 60 || nowSeconds - issuedAt > DEVICE_COOKIE_MAX_AGE) return false;
  const expected = mac(issuedAt, email);
  const given = Buffer.from(macText, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Stryker disable all: the request's cookie jar (next/headers) exists only inside a Next request; the e2e sign-in specs cover these two.
/** True when the current request (server action or route handler) carries `email`'s device cookie. */
export async function isKnownDevice(email: string): Promise<boolean> {
  const jar = await cookies();
  return isDeviceCookieFor(jar.get(DEVICE_COOKIE_NAME)?.value, email);
}

/** Sets `email`'s device cookie on the current response (after a successful sign-in or sign-up). */
export async function rememberDevice(email: string): Promise<void> {
  const jar = await cookies();
  jar.set(DEVICE_COOKIE_NAME, deviceCookieValue(email), DEVICE_COOKIE_OPTIONS);
}
// Stryker restore all
