// Webhook signatures exactly as the pusher SDK (and Pusher) make them, checked in constant time; and
// the compact log lines, which never show a private channel's sn.
import { createHmac } from "node:crypto";
import Pusher from "pusher";
import { describe, expect, it } from "vitest";
import { describeWebhookEvent, isValidWebhookSignature } from "@/lib/pusher/webhook";

const app = { key: "webhook-key", secret: "webhook-secret" };
const body = Buffer.from(JSON.stringify({ time_ms: 1_700_000_000_000, events: [{ name: "channel_occupied", channel: "price_channel" }] }));
const signature = createHmac("sha256", app.secret).update(body).digest("hex");

describe("isValidWebhookSignature", () => {
  it("accepts what the pusher SDK's own WebHook check accepts", () => {
    const sdk = new Pusher({ appId: "1", key: app.key, secret: app.secret, host: "127.0.0.1" });
    const headers = { "x-pusher-key": app.key, "x-pusher-signature": signature, "content-type": "application/json" };
    expect(sdk.webhook({ headers, rawBody: body.toString() }).isValid()).toBe(true);
    expect(isValidWebhookSignature({ key: app.key, signature, body }, app)).toBe(true);
    expect(isValidWebhookSignature({ key: app.key, signature: signature.toUpperCase(), body }, app)).toBe(true);
  });

  it.each([
    ["no signature", { key: app.key, signature: null, body }],
    ["no key", { key: null, signature, body }],
    ["another app's key", { key: "other-key", signature, body }],
    ["a signature by another secret", { key: app.key, signature: createHmac("sha256", "other").update(body).digest("hex"), body }],
    ["a changed body", { key: app.key, signature, body: Buffer.concat([body, Buffer.from(" ")]) }],
    ["a truncated signature", { key: app.key, signature: signature.slice(0, 63), body }],
    ["a non-hex signature", { key: app.key, signature: `${signature.slice(0, 62)}zz`, body }],
  ])("refuses %s", (_label, webhook) => {
    expect(isValidWebhookSignature(webhook, app)).toBe(false);
  });

  it("refuses everything when the app has no secret configured", () => {
    const unsigned = createHmac("sha256", "").update(body).digest("hex");
    expect(isValidWebhookSignature({ key: "", signature: unsigned, body }, { key: "", secret: "" })).toBe(false);
  });
});

describe("describeWebhookEvent", () => {
  it("one short line per event kind", () => {
    expect(describeWebhookEvent({ name: "channel_occupied", channel: "market-btcusd" })).toBe("channel_occupied market-btcusd");
    expect(describeWebhookEvent({ name: "member_added", channel: "presence-market", user_id: "u1" })).toBe("member_added presence-market user=u1");
    expect(describeWebhookEvent({ name: "client_event", channel: "private-x", event: "client-typing", socket_id: "1.2" })).toBe(
      "client_event private-x event=client-typing",
    );
    expect(describeWebhookEvent({ name: "subscription_count", channel: "price_channel", subscription_count: 3 })).toBe(
      "subscription_count price_channel count=3",
    );
  });

  it("never logs the sn of a private user channel", () => {
    const sn = "0123456789abcdef0123456789abcdef";
    expect(describeWebhookEvent({ name: "channel_vacated", channel: `private-encrypted-user-${sn}` })).toBe("channel_vacated private-encrypted-user-…");
    expect(describeWebhookEvent({ name: "channel_occupied", channel: `private-user-${sn}` })).not.toContain(sn);
  });
});
