// pusher:signin, #server-to-user-<id> delivery (sendToUser), watchlist events, terminate_connections.
import { afterEach, describe, expect, it } from "vitest";
import type PusherJs from "pusher-js";
import type { PresenceChannel } from "pusher-js";
import { APP, cleanup, client, decoded, hmacHex, rawClient, sdk, signedIn, startServer, subscribed, waitForState } from "./helpers";

afterEach(cleanup);

/** Resolves with the next watchlist event of a name. */
function watchlistEvent(pusher: PusherJs, name: "online" | "offline"): Promise<{ name: string; user_ids: string[] }> {
  return new Promise((resolve) => {
    const handler = (event: { name: string; user_ids: string[] }) => {
      pusher.user.watchlist.unbind(name, handler);
      resolve(event);
    };
    pusher.user.watchlist.bind(name, handler);
  });
}

describe("user sign-in", () => {
  it("signs in and receives events sent to the user with the SDK's sendToUser", async () => {
    const server = await startServer();
    const pusher = client(server, { user: { id: "42", user_info: { name: "Ada" } } });
    await signedIn(pusher, "42");
    expect(pusher.user.user_data).toMatchObject({ id: "42" });
    const got = new Promise<unknown>((resolve) => pusher.user.bind("notice", (data: unknown) => resolve(data)));
    await sdk(server).sendToUser("42", "notice", { text: "hello" });
    expect(await got).toEqual({ text: "hello" });
  });

  it("answers signin_success with the signed user_data string (raw)", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authenticateUser(socketId, { id: "7" });
    raw.send({ event: "pusher:signin", data: signed });
    const success = await raw.next("pusher:signin_success");
    expect(JSON.parse(success.data as string)).toEqual({ user_data: signed.user_data });
  });

  it("closes with 4009 on a bad sign-in signature", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const signed = sdk(server).authenticateUser(socketId, { id: "7" });
    raw.send({ event: "pusher:signin", data: { auth: signed.auth, user_data: JSON.stringify({ id: "8" }) } });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4009 });
    expect((await raw.closed).code).toBe(4009);
  });

  it("closes with 4009 when user_data has no id", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    // Correctly signed, but the SDK would never produce it: no id.
    const userData = JSON.stringify({ name: "nobody" });
    const auth = `${APP.key}:${hmacHex(APP.secret, `${socketId}::user::${userData}`)}`;
    raw.send({ event: "pusher:signin", data: { auth, user_data: userData } });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4009 });
    expect((await raw.closed).code).toBe(4009);
  });

  it("refuses #server-to-user-<id> unless signed in as that user", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-1" } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ type: "AuthError", status: 401 });
    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "2" }) });
    await raw.next("pusher:signin_success");
    raw.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-1" } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ status: 401 });
    raw.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-2" } });
    expect((await raw.next("pusher_internal:subscription_succeeded")).channel).toBe("#server-to-user-2");
  });

  it("lets a signed-in user join a presence channel without channel_data", async () => {
    const server = await startServer();
    const pusher = client(server, { user: { id: "u-9", user_info: { name: "Nine" } } });
    await signedIn(pusher, "u-9");
    const { channel } = await subscribed(pusher, "presence-lobby");
    expect((channel as PresenceChannel).members.me).toEqual({ id: "u-9", info: { name: "Nine" } });
  });
});

describe("signing in again", () => {
  it("refuses a second user on the same connection (4009, not fatal); the first user keeps its channel", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "first" }) });
    await raw.next("pusher:signin_success");
    raw.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-first" } });
    await raw.next("pusher_internal:subscription_succeeded");

    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "second" }) });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.next("pusher:pong");
    expect(raw.frames.map((frame) => frame.event)).toEqual(["pusher:connection_established", "pusher:error"]);
    expect(raw.frames[1]?.data).toMatchObject({ code: 4009 });
    raw.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-second" } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ status: 401 });
    await sdk(server).sendToUser("first", "still-first", {});
    await raw.next("still-first");
  });

  it("lets the same user sign in again (new watchlist) without offline/online flaps for its watchers", async () => {
    const server = await startServer();
    const watcher = await rawClient(server);
    const watcherId = await watcher.socketId();
    watcher.send({ event: "pusher:signin", data: sdk(server).authenticateUser(watcherId, { id: "w", watchlist: ["u"] }) });
    await watcher.next("pusher:signin_success");
    watcher.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-w" } });
    await watcher.next("pusher_internal:subscription_succeeded");

    const user = await rawClient(server);
    const userSocketId = await user.socketId();
    user.send({ event: "pusher:signin", data: sdk(server).authenticateUser(userSocketId, { id: "u" }) });
    await user.next("pusher:signin_success");
    await watcher.next("pusher_internal:watchlist_events");
    user.send({ event: "pusher:signin", data: sdk(server).authenticateUser(userSocketId, { id: "u", watchlist: ["w"] }) });
    await user.next("pusher:signin_success");
    // The new watchlist applies at once: w is online.
    expect(decoded(await user.next("pusher_internal:watchlist_events"))).toEqual({ events: [{ name: "online", user_ids: ["w"] }] });
    await sdk(server).sendToUser("w", "marker", {});
    await watcher.next("marker");
    expect(watcher.frames.filter((frame) => frame.event === "pusher_internal:watchlist_events")).toEqual([]);
  });
});

describe("presence without channel_data", () => {
  it("is refused with a 400 subscription_error unless the connection signed in", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    const auth = sdk(server).authorizeChannel(socketId, "presence-signed");
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-signed", ...auth } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ status: 400 });
    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "member-1", user_info: { n: 1 } }) });
    await raw.next("pusher:signin_success");
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-signed", ...auth } });
    const joined = await raw.next("pusher_internal:subscription_succeeded");
    expect(decoded(joined)).toEqual({ presence: { ids: ["member-1"], hash: { "member-1": { n: 1 } }, count: 1 } });
  });

  it("still needs a valid signature once signed in, and one over socket_id:channel does not cover forged channel_data", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "member-2" }) });
    await raw.next("pusher:signin_success");
    const forged = { auth: `${APP.key}:${hmacHex("not-the-secret", `${socketId}:presence-guarded`)}` };
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-guarded", ...forged } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ type: "AuthError", status: 401 });
    const withoutData = sdk(server).authorizeChannel(socketId, "presence-guarded");
    const channelData = JSON.stringify({ user_id: "someone-else" });
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-guarded", ...withoutData, channel_data: channelData } });
    expect((await raw.next("pusher:subscription_error")).data).toMatchObject({ type: "AuthError", status: 401 });
    raw.send({ event: "pusher:subscribe", data: { channel: "presence-guarded", ...withoutData } });
    const joined = await raw.next("pusher_internal:subscription_succeeded");
    expect(decoded(joined)).toEqual({ presence: { ids: ["member-2"], hash: { "member-2": null }, count: 1 } });
  });
});

describe("watchlist", () => {
  it("tells a watcher who is online at sign-in, then online and offline changes", async () => {
    const server = await startServer();
    const early = client(server, { user: { id: "early" } });
    await signedIn(early, "early");
    const watcher = client(server, { user: { id: "watcher", watchlist: ["early", "late"] } });
    const initial = watchlistEvent(watcher, "online");
    await signedIn(watcher, "watcher");
    expect((await initial).user_ids).toEqual(["early"]);

    const lateOnline = watchlistEvent(watcher, "online");
    const late = client(server, { user: { id: "late" } });
    await signedIn(late, "late");
    expect((await lateOnline).user_ids).toEqual(["late"]);

    const lateOffline = watchlistEvent(watcher, "offline");
    late.disconnect();
    expect((await lateOffline).user_ids).toEqual(["late"]);
  });

  it("refuses a watchlist over the limit with 4302", async () => {
    const server = await startServer({ maxWatchlistSize: 2 });
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: "w", watchlist: ["a", "b", "c"] }) });
    expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4302 });
    expect((await raw.closed).code).toBe(4302);
  });
});

describe("terminate_connections", () => {
  it("closes every connection of the user with 4009 and leaves others alone", async () => {
    const server = await startServer();
    const raws = await Promise.all([rawClient(server), rawClient(server), rawClient(server)]);
    const ids = ["victim", "victim", "bystander"];
    for (const [index, raw] of raws.entries()) {
      const socketId = await raw.socketId();
      raw.send({ event: "pusher:signin", data: sdk(server).authenticateUser(socketId, { id: ids[index] ?? "" }) });
      await raw.next("pusher:signin_success");
    }
    const response = await sdk(server).terminateUserConnections("victim");
    expect(await response.json()).toEqual({});
    for (const raw of raws.slice(0, 2)) {
      expect((await raw.next("pusher:error")).data).toMatchObject({ code: 4009 });
      expect((await raw.closed).code).toBe(4009);
    }
    const bystander = raws[2];
    bystander?.send({ event: "pusher:ping", data: {} });
    await bystander?.next("pusher:pong");
  });

  it("disconnects a pusher-js client for good (4009: no reconnect)", async () => {
    const server = await startServer();
    const pusher = client(server, { user: { id: "gone" } });
    await signedIn(pusher, "gone");
    const left = waitForState(pusher, "disconnected");
    await sdk(server).terminateUserConnections("gone");
    await left;
    expect(pusher.connection.state).toBe("disconnected");
  });
});
