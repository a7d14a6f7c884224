// The app's environment schema: a bad encryption master key or an incomplete hosted Pusher setup is
// refused at startup with a message that names the variable (and never echoes a secret).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isMasterKeyBase64, parseEnv } from "@/lib/schemas/env";

describe("PUSHER_ENCRYPTION_MASTER_KEY_BASE64", () => {
  it("accepts the base64 of 32 bytes, or nothing", () => {
    const key = randomBytes(32).toString("base64");
    expect(parseEnv({ PUSHER_ENCRYPTION_MASTER_KEY_BASE64: key }).PUSHER_ENCRYPTION_MASTER_KEY_BASE64).toBe(key);
    expect(parseEnv({}).PUSHER_ENCRYPTION_MASTER_KEY_BASE64).toBeUndefined();
    expect(parseEnv({ PUSHER_ENCRYPTION_MASTER_KEY_BASE64: "" }).PUSHER_ENCRYPTION_MASTER_KEY_BASE64).toBeUndefined();
  });

  it.each([
    ["16 bytes", randomBytes(16).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["not base64", "this is not base64 but is long enough to be 32 chars!"],
    ["base64url alphabet", randomBytes(32).toString("base64url")],
    ["32 raw characters (the deprecated form)", "0123456789abcdef0123456789abcdef"],
  ])("refuses %s with a clear message that leaves the value out", (_label, value) => {
    expect(isMasterKeyBase64(value)).toBe(false);
    let message = "";
    try {
      parseEnv({ PUSHER_ENCRYPTION_MASTER_KEY_BASE64: value });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain("PUSHER_ENCRYPTION_MASTER_KEY_BASE64: must be the base64 of exactly 32 random bytes");
    expect(message).not.toContain(value);
  });
});

describe("hosted Pusher settings", () => {
  it("PUSHER_CLUSTER needs PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET (the generated ones do not count)", () => {
    const generated = { CHANNELS_APP_ID: "1", CHANNELS_APP_KEY: "k", CHANNELS_APP_SECRET: "s" };
    expect(() => parseEnv({ PUSHER_CLUSTER: "eu", PUSHER_KEY: "key", ...generated })).toThrow(
      /PUSHER_APP_ID: is required for hosted Pusher[\s\S]*PUSHER_SECRET: is required for hosted Pusher/,
    );
    expect(parseEnv({ PUSHER_CLUSTER: "eu", PUSHER_APP_ID: "1", PUSHER_KEY: "key", PUSHER_SECRET: "s" }).PUSHER_CLUSTER).toBe("eu");
  });

  it("a malformed PUSHER_URL is refused; a well-formed one needs nothing else", () => {
    expect(() => parseEnv({ PUSHER_URL: "https://api-eu.pusher.com/apps/1" })).toThrow(/PUSHER_URL: must look like https:\/\/KEY:SECRET@/);
    expect(parseEnv({ PUSHER_URL: "https://k:s@api-eu.pusher.com/apps/1" }).PUSHER_URL).toBe("https://k:s@api-eu.pusher.com/apps/1");
  });

  it("with PUSHER_HOST (our server elsewhere) neither rule applies", () => {
    expect(parseEnv({ PUSHER_CLUSTER: "eu", PUSHER_HOST: "127.0.0.1" }).PUSHER_HOST).toBe("127.0.0.1");
  });

  it("blank ports count as unset; CHANNELS_PORT defaults to 6001", () => {
    expect(parseEnv({ PUSHER_PORT: "", CHANNELS_PORT: "" })).toMatchObject({ PUSHER_PORT: undefined, CHANNELS_PORT: 6001 });
    expect(parseEnv({ PUSHER_PORT: "7001" }).PUSHER_PORT).toBe(7001);
  });
});
