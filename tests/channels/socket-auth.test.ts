// The websocket `auth` value is `<key>:<signature>`: both halves must match, and a value without the colon is refused
// on every path that checks it (private and presence subscriptions, pusher:signin), even when it carries the right signature.
import { afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, hmacHex, rawClient, sdk, startServer, type Frame, type RawClient } from "./helpers";

afterEach(cleanup);

/** The first frame from now on whose event is one of `events` (and, when given, for `channel`): whichever comes, so a test fails at once instead of hanging. */
function firstOf(raw: RawClient, events: string[], channel?: string): Promise<Frame> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (!events.includes(frame.event) || (channel !== undefined && frame.channel !== channel)) return;
      raw.ws.off("message", onMessage);
      resolve(frame);
    };
    raw.ws.on("message", onMessage);
  });
}

/** Sends a subscribe and resolves with the server's answer for that channel: its error or its success. */
function subscribe(raw: RawClient, data: { channel: string; auth?: unknown; channel_data?: string }): Promise<Frame> {
  const answer = firstOf(raw, ["pusher:subscription_error", "pusher_internal:subscription_succeeded"], data.channel);
  raw.send({ event: "pusher:subscribe", data });
  return answer;
}

/** Sends a pusher:signin and resolves with the answer: pusher:error or pusher:signin_success. */
function signin(raw: RawClient, data: { auth: string; user_data: string }): Promise<Frame> {
  const answer = firstOf(raw, ["pusher:error", "pusher:signin_success"]);
  raw.send({ event: "pusher:signin", data });
  return answer;
}

describe("websocket auth values", () => {
  it.each<[string, (socketId: string, auth: string) => unknown]>([
    ["no auth", () => undefined],
    ["another key with the right signature", (_socketId, auth) => `other-key${auth.slice(APP.key.length)}`],
    ["the right key with another secret's signature", (socketId) => `${APP.key}:${hmacHex("not-the-secret", `${socketId}:private-a`)}`],
    ["the right key with an empty signature", () => `${APP.key}:`],
  ])("refuses a private subscription with %s (401)", async (_label, authFor) => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const { auth } = sdk(server).authorizeChannel(socketId, "private-a");
    expect(await subscribe(raw, { channel: "private-a", auth: authFor(socketId, auth) })).toMatchObject({ event: "pusher:subscription_error", data: { type: "AuthError", status: 401 } });
  });
});

describe("websocket auth values without a colon", () => {
  it.each([
    ["the signature alone", (auth: string) => auth.slice(APP.key.length + 1)],
    ["key and signature run together", (auth: string) => auth.replace(":", "")],
  ])("refuses a private subscription whose auth is %s (401), then accepts the proper value", async (_label, strip) => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const { auth } = sdk(server).authorizeChannel(socketId, "private-a");
    expect(await subscribe(raw, { channel: "private-a", auth: strip(auth) })).toMatchObject({ event: "pusher:subscription_error", data: { type: "AuthError", status: 401 } });
    expect((await subscribe(raw, { channel: "private-a", auth })).event).toBe("pusher_internal:subscription_succeeded");
  });

  it("refuses a presence subscription whose auth is the signature alone (401), then accepts the proper value", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authorizeChannel(socketId, "presence-a", { user_id: "u1" });
    const colonless = hmacHex(APP.secret, `${socketId}:presence-a:${signed.channel_data ?? ""}`);
    expect(await subscribe(raw, { channel: "presence-a", auth: colonless, channel_data: signed.channel_data })).toMatchObject({ event: "pusher:subscription_error", data: { type: "AuthError", status: 401 } });
    expect((await subscribe(raw, { channel: "presence-a", auth: signed.auth, channel_data: signed.channel_data })).event).toBe("pusher_internal:subscription_succeeded");
  });

  it("closes a pusher:signin whose auth is the signature alone with 4009; the proper value signs in", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authenticateUser(socketId, { id: "7" });
    expect(await signin(raw, { auth: signed.auth.slice(APP.key.length + 1), user_data: signed.user_data })).toMatchObject({ event: "pusher:error", data: { code: 4009 } });
    expect((await raw.closed).code).toBe(4009);

    const again = await rawClient(server);
    const signedAgain = sdk(server).authenticateUser(await again.socketId(), { id: "7" });
    const answer = await signin(again, signedAgain);
    expect(answer.event).toBe("pusher:signin_success");
    expect(JSON.parse(answer.data as string)).toEqual({ user_data: signedAgain.user_data });
  });
});
