// The Channels server's channel name rules (lib/channels/channel-names.ts): which names are valid, and what a name's
// prefix makes a channel (authenticated, presence, encrypted, cache, a user's own), which decides who may subscribe.
import { describe, expect, it } from "vitest";
import { channelKind, channelNameProblem } from "@/lib/channels/channel-names";

const ALLOWED = "(allowed: A-Z a-z 0-9 _ - = @ , . ; or #server-to-user-<id>)";

describe("channelNameProblem", () => {
  it.each(["c", "Az09_-=@,.;", "private-user-0123", "presence-market", "x".repeat(200), "#server-to-user-42", "#server-to-user- ", "#server-to-user-ä b/c#~"])(
    "accepts %j",
    (name) => {
      expect(channelNameProblem(name)).toBeNull();
    },
  );

  it.each([undefined, null, 42, ["c"], ""])("refuses %j as not a non-empty string", (name) => {
    expect(channelNameProblem(name)).toBe("Invalid channel name: must be a non-empty string");
  });

  it("refuses a name over 200 characters, quoting its first 40", () => {
    expect(channelNameProblem("y".repeat(40) + "z".repeat(161))).toBe(`Channel name too long: '${"y".repeat(40)}...' (201 > 200 characters)`);
    expect(channelNameProblem(`#server-to-user-${"1".repeat(185)}`)).toContain("Channel name too long");
  });

  it.each(["!abc", "abc!", "a b", "a/b", "é", "#other", "abc#server-to-user-"])("refuses %j: a character outside the allowed set", (name) => {
    expect(channelNameProblem(name)).toBe(`Invalid channel name: '${name}' ${ALLOWED}`);
  });

  it.each([
    ["an empty user id", "#server-to-user-"],
    ["a control character", "#server-to-user-a\u0001"],
    ["a unit separator", "#server-to-user-\u001f"],
    ["DEL", "#server-to-user-a\u007f"],
  ])("refuses a #server-to-user- name with %s", (_label, name) => {
    expect(channelNameProblem(name)).toBe(`Invalid channel name: '${name}' ${ALLOWED}`);
  });
});

describe("channelKind", () => {
  const plain = { authenticated: false, presence: false, encrypted: false, cache: false, userId: null };

  it.each([
    ["public", plain],
    ["x-private-encrypted-", plain],
    ["x-presence-cache-", plain],
    ["abc#server-to-user-", plain],
    ["private-x", { ...plain, authenticated: true }],
    ["private-encrypted-x", { ...plain, authenticated: true, encrypted: true }],
    ["presence-x", { ...plain, authenticated: true, presence: true }],
    ["cache-x", { ...plain, cache: true }],
    ["private-cache-x", { ...plain, authenticated: true, cache: true }],
    ["presence-cache-x", { ...plain, authenticated: true, presence: true, cache: true }],
    ["private-encrypted-cache-x", { ...plain, authenticated: true, encrypted: true, cache: true }],
    ["#server-to-user-42", { ...plain, userId: "42" }],
  ])("classifies %j", (name, kind) => {
    expect(channelKind(name)).toEqual(kind);
  });
});
