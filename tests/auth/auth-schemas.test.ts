// zod schemas of the auth forms and of pusher-js's auth requests.
import { describe, expect, it } from "vitest";
import {
  callbackPathSchema,
  channelAuthRequestSchema,
  signInSchema,
  signUpSchema,
  userAuthRequestSchema,
} from "@/lib/schemas/auth";

describe("signInSchema", () => {
  it("normalises the email and keeps the password as typed", () => {
    expect(signInSchema.parse({ email: "  Alice@Example.COM ", password: " pw " })).toEqual({
      email: "alice@example.com",
      password: " pw ",
    });
  });

  it("reports field errors", () => {
    const result = signInSchema.safeParse({ email: "nope", password: "" });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["email", "password"]));
  });
});

describe("signUpSchema", () => {
  const valid = { name: "Carol", email: "carol@example.com", password: "long enough", confirmPassword: "long enough" };

  it("accepts a valid sign-up", () => {
    expect(signUpSchema.parse(valid)).toMatchObject({ name: "Carol", email: "carol@example.com" });
  });

  it("requires 8+ character passwords that match", () => {
    const short = signUpSchema.safeParse({ ...valid, password: "short", confirmPassword: "short" });
    expect(short.error?.issues[0]?.path).toEqual(["password"]);
    const mismatch = signUpSchema.safeParse({ ...valid, confirmPassword: "long enougH" });
    expect(mismatch.error?.issues[0]?.path).toEqual(["confirmPassword"]);
  });

  it("requires a name", () => {
    expect(signUpSchema.safeParse({ ...valid, name: "   " }).error?.issues[0]?.path).toEqual(["name"]);
  });
});

describe("channelAuthRequestSchema", () => {
  it("accepts pusher-js's fields", () => {
    const body = { socket_id: "123.456", channel_name: "private-user-0123456789abcdef0123456789abcdef" };
    expect(channelAuthRequestSchema.parse(body)).toEqual(body);
  });

  it.each([
    ["123", "private-user-x"],
    ["abc.def", "private-user-x"],
    ["1.2.3", "private-user-x"],
    ["", "private-user-x"],
    ["123.456", ""],
    ["123.456", "private-user-x y"],
    ["123.456", "#server-to-user-1"],
    ["123.456", "private-user-ü"],
    ["123.456", "private-user-x\n"],
    ["123.456", "p".repeat(201)],
  ])("rejects socket_id %j / channel_name %j", (socket_id, channel_name) => {
    expect(channelAuthRequestSchema.safeParse({ socket_id, channel_name }).success).toBe(false);
  });

  it("accepts every character of Pusher's charset and 200-character names", () => {
    expect(channelAuthRequestSchema.safeParse({ socket_id: "1.2", channel_name: "aZ09_-=@,.;" }).success).toBe(true);
    expect(channelAuthRequestSchema.safeParse({ socket_id: "1.2", channel_name: "p".repeat(200) }).success).toBe(true);
  });
});

describe("userAuthRequestSchema", () => {
  it("accepts a socket id and rejects a malformed one", () => {
    expect(userAuthRequestSchema.safeParse({ socket_id: "9.9" }).success).toBe(true);
    expect(userAuthRequestSchema.safeParse({ socket_id: "9" }).success).toBe(false);
    expect(userAuthRequestSchema.safeParse({}).success).toBe(false);
  });
});

describe("callbackPathSchema", () => {
  it("keeps same-site paths and replaces everything else with /", () => {
    expect(callbackPathSchema.parse("/markets/btcusd")).toBe("/markets/btcusd");
    for (const value of ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "", null, 42]) {
      expect(callbackPathSchema.parse(value)).toBe("/");
    }
  });
});
