// The browser's pusher-js options: liveness bounds that hold against hosted Pusher (which announces
// activity_timeout 120) as well as our server; the frozen-server test drives them for real.
import { describe, expect, it } from "vitest";
import type { PusherClientConfig } from "@/lib/pusher/client-config";
import { buildPusherOptions } from "@/lib/pusher/pusher-options";

const base: PusherClientConfig = {
  key: "k",
  cluster: "eu",
  hosted: true,
  wsHost: null,
  wsPort: null,
  forceTLS: true,
  channelAuthEndpoint: "/api/pusher/auth",
  userAuthEndpoint: "/api/pusher/user-auth",
};

describe("buildPusherOptions", () => {
  it.each([
    ["hosted Pusher", base],
    ["our server", { ...base, hosted: false, cluster: "mt1", wsPort: 6001, forceTLS: false }],
  ])("bounds ping delay + pong wait under 30 s for %s (pusher-js uses the smaller of its option and the server's)", (_label, config) => {
    const options = buildPusherOptions(config, "example.test");
    expect((options.activityTimeout ?? 120_000) + (options.pongTimeout ?? 30_000)).toBeLessThan(30_000);
  });

  it("points our server's client at the page's host unless told otherwise", () => {
    const options = buildPusherOptions({ ...base, hosted: false, wsPort: 6001, forceTLS: false }, "example.test");
    expect(options).toMatchObject({ wsHost: "example.test", wsPort: 6001, enabledTransports: ["ws"] });
    expect(buildPusherOptions(base, "example.test")).toMatchObject({ cluster: "eu", forceTLS: true });
  });
});
