// privateChannelFor follows the environment: encrypted when a master key is configured.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

process.env.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 = randomBytes(32).toString("base64");
// Imported after the key is set: lib/env parses the environment once, at import.
const { isEncryptionEnabled, privateChannelFor } = await import("@/lib/auth/private-channel");

describe("privateChannelFor with PUSHER_ENCRYPTION_MASTER_KEY_BASE64 set", () => {
  it("names the encrypted channel of the user's sn", () => {
    expect(isEncryptionEnabled()).toBe(true);
    expect(privateChannelFor({ sn: "0123456789abcdef0123456789abcdef" })).toBe(
      "private-encrypted-user-0123456789abcdef0123456789abcdef",
    );
  });
});
