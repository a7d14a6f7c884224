// The account and Pusher authorization schemas (lib/schemas/auth.ts): the message each form field shows, and the
// limits of the pusher-js auth requests and the after-sign-in path.
import { describe, expect, it } from "vitest";
import { callbackPathSchema, channelNameSchema, MAX_CHANNEL_NAME_LENGTH, signInSchema, signUpSchema, socketIdSchema } from "@/lib/schemas/auth";

/** The messages of a failed parse by field (first path element). */
function messagesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return out;
}

const email254 = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;

describe("signInSchema messages", () => {
  it.each<[string, unknown, Record<string, string[]>]>([
    ["an invalid email", { email: "nope", password: "pw" }, { email: ["Enter a valid email address."] }],
    ["an email over 254 characters", { email: `a${email254}`, password: "pw" }, { email: ["That email is too long."] }],
    ["no password", { email: "a@example.com", password: "" }, { password: ["Enter your password."] }],
    ["a password over 256 characters", { email: "a@example.com", password: "p".repeat(257) }, { password: ["Passwords are at most 256 characters."] }],
  ])("answers %s", (_label, input, messages) => {
    expect(messagesOf(signInSchema.safeParse(input))).toEqual(messages);
  });

  it("accepts a 254-character email and a 256-character password", () => {
    expect(email254).toHaveLength(254);
    expect(signInSchema.safeParse({ email: email254, password: "p".repeat(256) }).success).toBe(true);
  });
});

describe("signUpSchema messages", () => {
  const valid = { name: "Carol", email: "carol@example.com", password: "long enough", confirmPassword: "long enough" };

  it.each<[string, Partial<typeof valid>, Record<string, string[]>]>([
    ["a blank name", { name: "   " }, { name: ["Enter your name."] }],
    ["a 61-character name", { name: "n".repeat(61) }, { name: ["Names are at most 60 characters."] }],
    ["a 7-character password", { password: "1234567", confirmPassword: "1234567" }, { password: ["Use at least 8 characters."] }],
    ["a 257-character password", { password: "p".repeat(257), confirmPassword: "p".repeat(257) }, { password: ["Passwords are at most 256 characters."] }],
    ["a confirmation that differs", { confirmPassword: "long enougH" }, { confirmPassword: ["The passwords do not match."] }],
    ["an invalid email", { email: "carol" }, { email: ["Enter a valid email address."] }],
  ])("answers %s", (_label, change, messages) => {
    expect(messagesOf(signUpSchema.safeParse({ ...valid, ...change }))).toEqual(messages);
  });

  it("trims the name and accepts the limits exactly", () => {
    expect(signUpSchema.parse({ ...valid, name: `  ${"n".repeat(60)}  `, password: "12345678", confirmPassword: "12345678" })).toEqual({
      ...valid,
      name: "n".repeat(60),
      password: "12345678",
      confirmPassword: "12345678",
    });
  });
});

describe("socketIdSchema and channelNameSchema", () => {
  it("answer malformed values with their messages", () => {
    expect(socketIdSchema.safeParse("123").error?.issues[0]?.message).toBe("Invalid socket_id.");
    expect(channelNameSchema.safeParse("a b").error?.issues[0]?.message).toBe("Invalid channel name.");
  });

  it("limit a socket id to 64 characters and a channel name to 200", () => {
    expect(socketIdSchema.safeParse(`${"1".repeat(31)}.${"2".repeat(32)}`).success).toBe(true);
    expect(socketIdSchema.safeParse(`${"1".repeat(32)}.${"2".repeat(32)}`).success).toBe(false);
    expect(MAX_CHANNEL_NAME_LENGTH).toBe(200);
  });
});

describe("callbackPathSchema", () => {
  it.each(["/", "/markets/btcusd", "/markets/btcusd?interval=5m#chart", `/${"p".repeat(511)}`])("keeps %j", (path) => {
    expect(callbackPathSchema.parse(path)).toBe(path);
  });

  it.each(["/markets/btc usd", "/a\tb", "/a\n", "markets", `/${"p".repeat(512)}`, "///x", "/\\x"])("replaces %j with /", (path) => {
    expect(callbackPathSchema.parse(path)).toBe("/");
  });
});
