// Mutation group: sign-in throttling (per address, per email and address pair, per email with known
// devices exempt), the device cookie, session tokens checked against the user's session version, and the
// client address decided from the socket and TRUSTED_PROXIES (lib/http).
import { defineGroup } from "./base.mjs";

export default defineGroup({
  name: "session",
  mutate: [
    "lib/auth/auth-throttle.ts",
    "lib/auth/throttled-auth.ts",
    "lib/auth/device-cookie.ts",
    "lib/auth/session-version.ts",
    "lib/auth/read-session-user.ts",
    "lib/http/trusted-proxies.ts",
    "lib/http/client-address-header.ts",
    "lib/http/read-limited-body.ts",
  ],
  // Pure and in-memory tests first; SQLite and argon2 (tens of ms a hash) last.
  testFiles: [
    "tests/http/trusted-proxies.test.ts",
    "tests/auth/auth-throttle.test.ts",
    "tests/auth/device-cookie.test.ts",
    "tests/http/read-limited-body.test.ts",
    "tests/http/client-address-header.test.ts",
    "tests/http/client-address-unmarked.test.ts",
    "tests/auth/read-session-user.test.ts",
    "tests/auth/session-version.test.ts",
    "tests/auth/throttled-auth.test.ts",
  ],
});
