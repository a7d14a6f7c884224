// Private and presence channel names, the sn generator, and who may subscribe to what.
import { describe, expect, it } from "vitest";
import {
  MARKET_PRESENCE_CHANNEL,
  isAllowedPresenceChannel,
  isPrivateUserChannel,
  privateChannelName,
} from "@/lib/auth/channel-names";
import { decideChannelAccess, sameChannel } from "@/lib/auth/decide-channel-access";
import { generateSn, isSn } from "@/lib/auth/sn";
import { channelNameSchema } from "@/lib/schemas/auth";

const alice = { id: "user-alice", name: "Alice", sn: "0123456789abcdef0123456789abcdef" };
const bob = { id: "user-bob", name: "Bob", sn: "fedcba9876543210fedcba9876543210" };

describe("generateSn", () => {
  it("returns 128 random bits as 32 hex characters, different every time", () => {
    const sns = new Set(Array.from({ length: 1000 }, generateSn));
    expect(sns.size).toBe(1000);
    for (const sn of sns) expect(isSn(sn)).toBe(true);
  });

  it("rejects anything else as an sn", () => {
    expect(isSn("0123")).toBe(false);
    expect(isSn("0123456789ABCDEF0123456789ABCDEF")).toBe(false);
    expect(isSn(`${alice.sn}0`)).toBe(false);
  });
});

describe("privateChannelName", () => {
  it("is private-user-<sn> in clear and private-encrypted-user-<sn> with encryption", () => {
    expect(privateChannelName(alice.sn, false)).toBe(`private-user-${alice.sn}`);
    expect(privateChannelName(alice.sn, true)).toBe(`private-encrypted-user-${alice.sn}`);
  });

  it("yields names in Pusher's channel charset", () => {
    const sn = generateSn();
    expect(channelNameSchema.safeParse(privateChannelName(sn, false)).success).toBe(true);
    expect(channelNameSchema.safeParse(privateChannelName(sn, true)).success).toBe(true);
  });

  it("is recognised as a per-user private channel", () => {
    expect(isPrivateUserChannel(privateChannelName(alice.sn, false))).toBe(true);
    expect(isPrivateUserChannel(privateChannelName(alice.sn, true))).toBe(true);
    expect(isPrivateUserChannel("private-market")).toBe(false);
    expect(isPrivateUserChannel("price_channel")).toBe(false);
  });
});

describe("presence allow-list", () => {
  it("is the market page's presence-market channel", () => {
    expect(MARKET_PRESENCE_CHANNEL).toBe("presence-market");
    expect(isAllowedPresenceChannel("presence-market")).toBe(true);
  });

  it("allows presence-market only", () => {
    expect(isAllowedPresenceChannel(MARKET_PRESENCE_CHANNEL)).toBe(true);
    expect(isAllowedPresenceChannel("presence-admin")).toBe(false);
    expect(isAllowedPresenceChannel("presence-market-x")).toBe(false);
    expect(isAllowedPresenceChannel("private-market")).toBe(false);
  });
});

describe("sameChannel", () => {
  it("is exact equality", () => {
    expect(sameChannel("private-user-a", "private-user-a")).toBe(true);
    expect(sameChannel("private-user-a", "private-user-ab")).toBe(false);
    expect(sameChannel("private-user-A", "private-user-a")).toBe(false);
    expect(sameChannel("", "private-user-a")).toBe(false);
  });
});

describe("decideChannelAccess", () => {
  const own = privateChannelName(alice.sn, false);

  it("allows the user's own private channel", () => {
    expect(decideChannelAccess(alice, own, own)).toEqual({ allowed: true, kind: "private" });
  });

  it("refuses someone else's private channel, clear or encrypted", () => {
    expect(decideChannelAccess(alice, own, privateChannelName(bob.sn, false))).toEqual({ allowed: false });
    expect(decideChannelAccess(alice, own, privateChannelName(bob.sn, true))).toEqual({ allowed: false });
  });

  it("refuses the other flavour of the user's own channel (only the configured one is served)", () => {
    expect(decideChannelAccess(alice, own, privateChannelName(alice.sn, true))).toEqual({ allowed: false });
    const ownEncrypted = privateChannelName(alice.sn, true);
    expect(decideChannelAccess(alice, ownEncrypted, own)).toEqual({ allowed: false });
    expect(decideChannelAccess(alice, ownEncrypted, ownEncrypted)).toEqual({ allowed: true, kind: "private" });
  });

  it("refuses prefixes and extensions of the user's own channel", () => {
    expect(decideChannelAccess(alice, own, own.slice(0, -1))).toEqual({ allowed: false });
    expect(decideChannelAccess(alice, own, `${own}0`)).toEqual({ allowed: false });
  });

  it("gives presence data from the user, never anything else", () => {
    expect(decideChannelAccess(alice, own, MARKET_PRESENCE_CHANNEL)).toEqual({
      allowed: true,
      kind: "presence",
      presenceData: { user_id: "user-alice", user_info: { name: "Alice" } },
    });
  });

  it("refuses presence channels off the allow-list, public channels and other private channels", () => {
    for (const channel of ["presence-admin", "price_channel", "private-market", "private-cache-x", "private-encrypted-x"]) {
      expect(decideChannelAccess(alice, own, channel)).toEqual({ allowed: false });
    }
  });
});
