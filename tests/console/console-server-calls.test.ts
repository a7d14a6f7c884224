// The console's server-side calls against a real Channels server through the real `pusher` SDK: the
// event creator's send (ok, the server's refusal with status and message), the channels panel's list,
// and the name of the log channel the app authorizes (the same the server publishes on).
import Pusher from "pusher";
import { afterEach, describe, expect, it } from "vitest";
import { CONSOLE_LOG_CHANNEL as SERVER_LOG_CHANNEL, CONSOLE_LOG_EVENT as SERVER_LOG_EVENT } from "@/lib/channels/console-log/log-channel";
import { listOccupiedChannels } from "@/lib/console/list-channels";
import { CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT, isConsoleLogChannel } from "@/lib/console/log-channel";
import { sendConsoleEvent } from "@/lib/console/send-console-event";
import { parseOperatorEmails, sendEventSchema } from "@/lib/schemas/console";
import { APP, cleanup, client, nextEvent, sdk, startServer, subscribed } from "../channels/helpers";

afterEach(cleanup);

describe("the log channel contract", () => {
  it("names the channel and event the Channels server publishes on", () => {
    expect(CONSOLE_LOG_CHANNEL).toBe(SERVER_LOG_CHANNEL);
    expect(CONSOLE_LOG_EVENT).toBe(SERVER_LOG_EVENT);
    expect(isConsoleLogChannel(CONSOLE_LOG_CHANNEL)).toBe(true);
    expect(isConsoleLogChannel("private-console-logs")).toBe(false);
  });
});

describe("sendConsoleEvent", () => {
  it("delivers the operator's JSON verbatim to subscribers", async () => {
    const server = await startServer();
    const { channel } = await subscribed(client(server), "price_channel");
    const received = nextEvent<{ price: string }>(channel, "update");
    const input = sendEventSchema.parse({ channel: "price_channel", event: "update", data: '{"price": "12345.67"}' });
    expect(await sendConsoleEvent(sdk(server), input)).toEqual({ ok: true, channel: "price_channel", event: "update" });
    expect((await received).data).toEqual({ price: "12345.67" });
  });

  it("encrypts for private-encrypted channels (the SDK holds the master key), and the subscriber decrypts it", async () => {
    const server = await startServer();
    const { channel } = await subscribed(client(server), "private-encrypted-desk");
    const received = nextEvent<{ note: string }>(channel, "memo");
    const input = sendEventSchema.parse({ channel: "private-encrypted-desk", event: "memo", data: '{"note":"hi"}' });
    expect(await sendConsoleEvent(sdk(server), input)).toMatchObject({ ok: true });
    expect((await received).data).toEqual({ note: "hi" });
  });

  it("hands back the server's status and message when it refuses (the reserved log channel: 403)", async () => {
    const server = await startServer();
    const input = sendEventSchema.parse({ channel: CONSOLE_LOG_CHANNEL, event: "log", data: '{"rows":[]}' });
    const result = await sendConsoleEvent(sdk(server), input);
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(!result.ok && result.message).toContain("reserved");
  });

  it("says so when the Channels service cannot be reached", async () => {
    const server = await startServer();
    const offline = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(server.port), useTLS: false });
    await server.close();
    const input = sendEventSchema.parse({ channel: "price_channel", event: "update", data: "{}" });
    expect(await sendConsoleEvent(offline, input)).toMatchObject({ ok: false, status: null, message: expect.stringContaining("could not be reached") });
  });
});

describe("sendEventSchema (the HTTP API's own rules)", () => {
  it("refuses bad channel characters, long names, non-JSON and data over 10 KB", () => {
    const ok = { channel: "price_channel", event: "update", data: "{}" };
    expect(sendEventSchema.safeParse(ok).success).toBe(true);
    expect(sendEventSchema.safeParse({ ...ok, channel: "bad channel!" }).success).toBe(false);
    expect(sendEventSchema.safeParse({ ...ok, channel: "c".repeat(201) }).success).toBe(false);
    expect(sendEventSchema.safeParse({ ...ok, event: "e".repeat(201) }).success).toBe(false);
    expect(sendEventSchema.safeParse({ ...ok, data: "{price: 1}" }).success).toBe(false);
    expect(sendEventSchema.safeParse({ ...ok, data: JSON.stringify("x".repeat(10_239)) }).success).toBe(false);
    expect(sendEventSchema.safeParse({ ...ok, data: JSON.stringify("x".repeat(10_000)) }).success).toBe(true);
  });

  it("parses OPERATOR_EMAILS case-insensitively, blank as nobody", () => {
    expect(parseOperatorEmails(" Operator@Example.com, ops@x.org ,")).toEqual(new Set(["operator@example.com", "ops@x.org"]));
    expect(parseOperatorEmails(undefined).size).toBe(0);
    expect(parseOperatorEmails("").size).toBe(0);
  });
});

describe("listOccupiedChannels", () => {
  it("lists occupied channels with subscription counts and presence user counts", async () => {
    const server = await startServer();
    const first = client(server, { presence: { user_id: "u1" } });
    const second = client(server, { presence: { user_id: "u2" } });
    await subscribed(first, "price_channel");
    await subscribed(second, "price_channel");
    await subscribed(first, "presence-market");
    await subscribed(second, "presence-market");
    const answer = await listOccupiedChannels(sdk(server));
    expect(answer.note).toBeNull();
    expect(answer.channels).toEqual([
      { name: "presence-market", subscriptionCount: 2, userCount: 2 },
      { name: "price_channel", subscriptionCount: 2, userCount: null },
    ]);
  });
});

