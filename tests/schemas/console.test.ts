// The debug console's schemas (lib/schemas/console.ts): the event creator's input checked as the Channels HTTP API
// checks it, with the message each field shows; the log batches and panels it reads; OPERATOR_EMAILS parsing.
import { describe, expect, it } from "vitest";
import {
  appLogAnswerSchema,
  CHANNEL_NAME_PATTERN,
  channelsAnswerSchema,
  EVENT_LIMITS,
  logBatchSchema,
  logRowSchema,
  parseOperatorEmails,
  sendEventSchema,
} from "@/lib/schemas/console";
import { priceHintSchema } from "@/lib/schemas/price-hint";

const valid = { channel: "price_channel", event: "update", data: '{"price": "12345.67"}' };

/** Field -> messages of a failed parse. */
function messagesOf(input: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of sendEventSchema.safeParse(input).error?.issues ?? []) (out[String(issue.path[0])] ??= []).push(issue.message);
  return out;
}

describe("sendEventSchema", () => {
  it("accepts an event, trimming channel and event name but keeping data as typed", () => {
    expect(sendEventSchema.parse({ channel: " price_channel ", event: " update ", data: ' {"price": "1"} ' })).toEqual({
      channel: "price_channel",
      event: "update",
      data: ' {"price": "1"} ',
    });
    expect(sendEventSchema.parse({ ...valid, channel: "c".repeat(200), event: "e".repeat(200) })).toMatchObject({ channel: "c".repeat(200) });
  });

  it.each<[string, Partial<typeof valid> | Record<string, unknown>, Record<string, string[]>]>([
    ["no channel", { channel: undefined }, { channel: ["Enter a channel"] }],
    ["a blank channel", { channel: "  " }, { channel: ["Enter a channel", "A channel name may use only A-Z a-z 0-9 _ - = @ , . ;"] }],
    ["a 201-character channel", { channel: "c".repeat(201) }, { channel: ["A channel name has at most 200 characters"] }],
    ["a channel with a space", { channel: "price channel" }, { channel: ["A channel name may use only A-Z a-z 0-9 _ - = @ , . ;"] }],
    ["a channel starting with a bad character", { channel: "#price" }, { channel: ["A channel name may use only A-Z a-z 0-9 _ - = @ , . ;"] }],
    ["a channel ending with a bad character", { channel: "price!" }, { channel: ["A channel name may use only A-Z a-z 0-9 _ - = @ , . ;"] }],
    ["no event name", { event: undefined }, { event: ["Enter an event name"] }],
    ["a blank event name", { event: " " }, { event: ["Enter an event name"] }],
    ["a 201-character event name", { event: "e".repeat(201) }, { event: ["An event name has at most 200 characters"] }],
    ["no data", { data: undefined }, { data: ["Enter JSON data"] }],
    ["data that is not JSON", { data: "{price: 1}" }, { data: ['Data must be JSON, e.g. {"price": "12345.67"}'] }],
    ["empty data", { data: "" }, { data: ['Data must be JSON, e.g. {"price": "12345.67"}'] }],
  ])("answers %s", (_label, change, messages) => {
    expect(messagesOf({ ...valid, ...change })).toEqual(messages);
  });

  it("answers bad data with a custom issue on the data field", () => {
    expect(sendEventSchema.safeParse({ ...valid, data: "{" }).error?.issues).toEqual([
      expect.objectContaining({ code: "custom", path: ["data"], message: 'Data must be JSON, e.g. {"price": "12345.67"}' }),
    ]);
  });

  it("limits data to 10,240 bytes, counted as UTF-8", () => {
    expect(EVENT_LIMITS).toEqual({ maxNameLength: 200, maxDataBytes: 10_240 });
    const json = (bytes: number) => JSON.stringify("x".repeat(bytes - 2));
    expect(messagesOf({ ...valid, data: json(10_240) })).toEqual({});
    expect(messagesOf({ ...valid, data: json(10_241) })).toEqual({ data: ["Data is larger than 10240 bytes (10 KB)"] });
    // 5,121 two-byte characters: 5,123 characters, 10,244 bytes.
    expect(messagesOf({ ...valid, data: JSON.stringify("é".repeat(5_121)) })).toEqual({ data: ["Data is larger than 10240 bytes (10 KB)"] });
  });

  it("uses the HTTP API's channel charset", () => {
    expect(CHANNEL_NAME_PATTERN.test("aZ09_-=@,.;")).toBe(true);
    for (const name of ["", "a b", "#server-to-user-1", "é"]) expect(CHANNEL_NAME_PATTERN.test(name)).toBe(false);
  });
});

describe("log and panel answers", () => {
  const row = { id: 1, time: 1_700_000_000_000, type: "api_message", channel: "c", channels: ["c"], event: "e", socketId: "1.2", details: { a: 1 }, data: "{}", dataBytes: 2, encrypted: false };

  it("parse to themselves, with dropped defaulting to 0", () => {
    expect(logRowSchema.parse(row)).toEqual(row);
    expect(logRowSchema.parse({ id: 2, time: 1, type: "connection" })).toEqual({ id: 2, time: 1, type: "connection" });
    expect(logBatchSchema.parse({ rows: [row] })).toEqual({ rows: [row], dropped: 0 });
    expect(logBatchSchema.parse({ rows: [], dropped: 3 })).toEqual({ rows: [], dropped: 3 });
    expect(appLogAnswerSchema.parse({ rows: [row] })).toEqual({ rows: [row] });
    const channels = { channels: [{ name: "c", subscriptionCount: 2, userCount: null }], note: null };
    expect(channelsAnswerSchema.parse(channels)).toEqual(channels);
  });

  it("refuse bad rows and counts", () => {
    expect(logRowSchema.safeParse({ ...row, type: "t".repeat(41) }).success).toBe(false);
    expect(logRowSchema.safeParse({ ...row, type: "t".repeat(40) }).success).toBe(true);
    expect(logBatchSchema.safeParse({ rows: [], dropped: -1 }).success).toBe(false);
    expect(channelsAnswerSchema.safeParse({ channels: [{ name: "c", subscriptionCount: 1.5, userCount: null }], note: null }).success).toBe(false);
  });
});

describe("parseOperatorEmails", () => {
  it("lower-cases and trims the comma-separated addresses, dropping anything without @", () => {
    expect(parseOperatorEmails(" Op@Example.com, b@y.org ,,nobody, ")).toEqual(new Set(["op@example.com", "b@y.org"]));
    expect(parseOperatorEmails(undefined)).toEqual(new Set());
    expect(parseOperatorEmails("")).toEqual(new Set());
  });
});

describe("priceHintSchema", () => {
  it("takes an integer or decimal price and a market id", () => {
    expect(priceHintSchema.parse({ marketId: "btcusd", price: "12345" })).toEqual({ marketId: "btcusd", price: "12345" });
    expect(priceHintSchema.safeParse({ marketId: "", price: "1" }).success).toBe(false);
    for (const price of ["1.", ".5", "-1", "1e5", " 1"]) expect(priceHintSchema.safeParse({ marketId: "btcusd", price }).success).toBe(false);
  });
});
