// A frozen Channels server (SIGSTOP: the socket stays open, nothing answers) must not look "Live": the
// browser's pusher-js options (lib/pusher/pusher-options.ts) leave "connected" within 30 s, and the client
// reconnects and receives events again once the server resumes. The server announces activity_timeout 120,
// as hosted Pusher does, so the client's own options are what bound the detection. Takes about 30 s.
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import { buildPusherOptions } from "@/lib/pusher/pusher-options";
import { startChannelsProcess, type ChannelsProcess } from "../support/channels-process";
import { disconnect, nextEvent, subscribed, waitForState } from "./helpers";

PusherJs.logToConsole = false;

const APP = { id: "300003", key: "frozen-key", secret: "frozen-secret" };
const FREEZE_BOUND_MS = 30_000;

let server: (ChannelsProcess & { port: number }) | null = null;
let pusherJs: PusherJs | null = null;
afterEach(async () => {
  if (pusherJs) await disconnect(pusherJs);
  pusherJs = null;
  // SIGKILL ends a stopped process too.
  await server?.kill();
  server = null;
});

/** Resolves with what happens first: pusher-js leaving "connected", or `ms` passing. */
function leavesConnectedWithin(client: PusherJs, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`still connected after ${ms} ms`), ms);
    const handler = ({ current }: { current: string }) => {
      if (current === "connected") return;
      clearTimeout(timer);
      client.connection.unbind("state_change", handler);
      resolve("left connected");
    };
    client.connection.bind("state_change", handler);
  });
}

describe("a frozen Channels server", () => {
  it("is seen as not live within 30 s by a client with the browser's options, which catches up after it resumes", { timeout: 90_000 }, async () => {
    // `npm run channels` as its own process (activity_timeout 120, the default).
    server = await startChannelsProcess({ PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret });
    const { port } = server;
    const options = buildPusherOptions(
      {
        key: APP.key,
        cluster: "mt1",
        hosted: false,
        wsHost: "127.0.0.1",
        wsPort: port,
        forceTLS: false,
        channelAuthEndpoint: "/api/pusher/auth",
        userAuthEndpoint: "/api/pusher/user-auth",
      },
      "127.0.0.1",
    );
    const client = new PusherJs(APP.key, options);
    pusherJs = client;
    const { channel } = await subscribed(client, "market-btcusd");
    const firstSocket = client.connection.socket_id;

    server.child.kill("SIGSTOP");
    expect(await leavesConnectedWithin(client, FREEZE_BOUND_MS)).toBe("left connected");

    server.child.kill("SIGCONT");
    await waitForState(client, "connected");
    expect(client.connection.socket_id).not.toBe(firstSocket);
    // Resubscribed on the new socket: a trigger after the resume arrives.
    const sdk = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(port), useTLS: false });
    const got = nextEvent(channel, "update");
    await expect
      .poll(
        async () => {
          const response = await sdk.get({ path: "/channels/market-btcusd" });
          return ((await response.json()) as { occupied: boolean }).occupied;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await sdk.trigger("market-btcusd", "update", { price: "1" });
    expect((await got).data).toEqual({ price: "1" });
  });
});
