// The Channels webhook body the app's route accepts (lib/schemas/webhook.ts): every length and count limit at its
// boundary, unknown event fields kept, and bad numbers refused.
import { describe, expect, it } from "vitest";
import { webhookBodySchema } from "@/lib/schemas/webhook";

const event = { name: "channel_occupied", channel: "market-btcusd" };
const body = (events: unknown[], time_ms: unknown = 1_700_000_000_000) => ({ time_ms, events });
const accepts = (value: unknown) => webhookBodySchema.safeParse(value).success;

describe("webhookBodySchema", () => {
  it("parses a body, keeping the fields of each event, known and unknown", () => {
    const member = { name: "member_added", channel: "presence-market", user_id: "u1" };
    const client = { name: "client_event", channel: "private-a", event: "client-x", data: "{}", socket_id: "1.2", user_id: "u2" };
    const count = { name: "subscription_count", channel: "c", subscription_count: 0 };
    expect(webhookBodySchema.parse(body([event, member, client, count]))).toEqual(body([event, member, client, count]));
    expect(webhookBodySchema.parse(body([], 0))).toEqual(body([], 0));
  });

  it.each<[string, string, number]>([
    ["name", "name", 64],
    ["channel", "channel", 256],
    ["user_id", "user_id", 256],
    ["event", "event", 256],
    ["socket_id", "socket_id", 64],
  ])("limits an event's %s (%s) to %i characters", (_label, field, max) => {
    expect(accepts(body([{ ...event, [field]: "x".repeat(max) }]))).toBe(true);
    expect(accepts(body([{ ...event, [field]: "x".repeat(max + 1) }]))).toBe(false);
  });

  it("needs a name and a channel, at least one character each", () => {
    expect(accepts(body([{ ...event, name: "" }]))).toBe(false);
    expect(accepts(body([{ ...event, channel: "" }]))).toBe(false);
    expect(accepts(body([{ channel: "c" }]))).toBe(false);
    expect(accepts(body([{ name: "n" }]))).toBe(false);
    expect(accepts(body([{ name: "n", channel: "c" }]))).toBe(true);
  });

  it("takes at most 1000 events", () => {
    expect(accepts(body(Array(1000).fill(event)))).toBe(true);
    expect(accepts(body(Array(1001).fill(event)))).toBe(false);
  });

  it("refuses bad times and counts", () => {
    for (const time of [-1, 1.5, "1700000000000", null]) expect(accepts(body([event], time))).toBe(false);
    for (const subscription_count of [-1, 0.5, "1"]) expect(accepts(body([{ ...event, subscription_count }]))).toBe(false);
    expect(accepts({ time_ms: 1 })).toBe(false);
  });
});
